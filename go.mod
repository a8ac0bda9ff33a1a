module vnetplay

go 1.26.8

require github.com/yl2chen/cidranger v1.0.2

require (
	github.com/andybalholm/brotli v1.2.8 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/maxence-charriere/go-app/v10 v10.1.11 // indirect
	github.com/stretchr/testify v1.6.1 // indirect
)

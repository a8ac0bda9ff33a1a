package dataplane

import "vnetplay/engine/route"

// Option configures Build.
type Option func(*config)

type config struct {
	gatewayRoutes func(vnet string) []route.Route
}

// WithGatewayRoutes is the extension point for the hybrid work (gateways,
// sites, connections, circuits, Route Server, P2S): f returns the routes a
// virtual network gateway or Route Server programs into every subnet of vnet
// (F19, F20, F173), with Source route.Gateway and Origin kind
// route.FromGateway. Build drops them from subnets whose route table sets
// disableBgpRoutePropagation (F46, F47), keeps every system route (F48), and
// route selection applies UDR > BGP > system with the F26 exception.
func WithGatewayRoutes(f func(vnet string) []route.Route) Option {
	return func(c *config) { c.gatewayRoutes = f }
}

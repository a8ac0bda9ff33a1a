package dataplane

import (
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// Option configures Build.
type Option func(*config)

type config struct {
	gatewayRoutes func(vnet string) []route.Route
	failures      []model.Failure
	naive         bool
}

// WithNaive builds the naive baseline plane: every subnet's route list is
// selected and stored separately (nothing shared) and looked up by a
// linear scan (route.NewLinearTable). Its answers equal the default
// plane's; benchmarks and oracle tests compare the two.
func WithNaive() Option {
	return func(c *config) { c.naive = true }
}

// WithGatewayRoutes overrides the routes Build otherwise computes with
// engine/bgp from the topology's gateways, connections, circuits and Route
// Servers. It is the extension point for the hybrid work (gateways,
// sites, connections, circuits, Route Server, P2S): f returns the routes a
// virtual network gateway or Route Server programs into every subnet of vnet
// (rule:system-routes.gateway-routes, rule:system-routes.gateway-routes-in-transit-spokes, rule:route-server.routes-shown-as-gateway), with Source route.Gateway and Origin kind
// route.FromGateway. Build drops them from subnets whose route table sets
// disableBgpRoutePropagation (rule:propagation.disable-drops-gateway-routes, rule:propagation.includes-route-server), keeps every system route (rule:propagation.keeps-system-routes), and
// route selection applies UDR > BGP > system with the rule:route-selection.system-beats-more-specific-bgp exception.
func WithGatewayRoutes(f func(vnet string) []route.Route) Option {
	return func(c *config) { c.gatewayRoutes = f }
}

// WithFailures fails components for a what-if (model.Failure kinds): a
// failed peering is treated as not Connected, a failed appliance's NICs are
// removed, and gateway, connection, circuit, Route Server and site failures
// change the hybrid control plane (engine/bgp).
func WithFailures(fs []model.Failure) Option {
	return func(c *config) { c.failures = append(c.failures, fs...) }
}

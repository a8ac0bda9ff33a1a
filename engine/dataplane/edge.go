package dataplane

import (
	"vnetplay/engine/edge"
	"vnetplay/engine/keyenc"
	"vnetplay/engine/model"
)

// Edge returns the design's resolved Internet edge (engine/edge): egress
// methods per NIC and the public entry points. It is part of the
// structure: Update shares it when the structure's inputs are unchanged,
// and ChangedLinks compares it.
func (p *Plane) Edge() *edge.Index { return p.edge }

// writePublicLB encodes a load balancer's public parts (the Internet edge).
func writePublicLB(b []byte, lb *model.LoadBalancer) []byte {
	b = keyenc.List(b, lb.FrontendIPConfigurations, func(b []byte, f *model.FrontendIPConfiguration) []byte {
		return keyenc.Str(keyenc.Str(b, f.Name), f.PublicIPAddress)
	})
	b = keyenc.List(b, lb.BackendAddressPools, func(b []byte, x *model.BackendAddressPool) []byte {
		return keyenc.Strs(keyenc.Str(b, x.Name), x.Backends)
	})
	b = keyenc.List(b, lb.LoadBalancingRules, func(b []byte, r *model.LoadBalancingRule) []byte {
		b = keyenc.Str(keyenc.Str(keyenc.Str(keyenc.Str(b, r.Name), r.FrontendIPConfiguration), r.BackendAddressPool), r.Protocol)
		return keyenc.Flag(keyenc.Int(keyenc.Int(b, r.FrontendPort), r.BackendPort), r.DisableOutboundSnat)
	})
	b = keyenc.List(b, lb.InboundNatRules, func(b []byte, r *model.InboundNatRule) []byte {
		b = keyenc.Str(keyenc.Str(keyenc.Str(b, r.Name), r.FrontendIPConfiguration), r.Protocol)
		return keyenc.Str(keyenc.Int(keyenc.Int(b, r.FrontendPort), r.BackendPort), r.BackendIPConfiguration)
	})
	return keyenc.List(b, lb.OutboundRules, func(b []byte, r *model.OutboundRule) []byte {
		b = keyenc.Strs(keyenc.Str(b, r.Name), r.FrontendIPConfigurations)
		return keyenc.Str(keyenc.Str(b, r.BackendAddressPool), r.Protocol)
	})
}

func writePublicIP(b []byte, p *model.PublicIPAddress) []byte {
	b = keyenc.Str(keyenc.Str(b, p.ID), p.Location)
	return keyenc.Str(keyenc.Str(b, p.Sku.Name), p.IPAddress)
}

func writeNatGateway(b []byte, g *model.NatGateway) []byte {
	return keyenc.Strs(keyenc.Str(keyenc.Str(b, g.ID), g.Location), g.PublicIPAddresses)
}

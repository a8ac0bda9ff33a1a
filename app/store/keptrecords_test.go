package store

import (
	"reflect"
	"testing"

	"vnetplay/app/kinds"
)

// TestKeptRecordsOfAZone: a private DNS zone lists the records its
// private endpoints' zone groups keep, one per endpoint; another zone, or
// another kind, lists none.
func TestKeptRecordsOfAZone(t *testing.T) {
	snap := Open(builtinDoc(t, "private-endpoint-dns-hub-resolver")).Current()
	for _, c := range []struct {
		r    Ref
		want []string
	}{
		{Ref{Kind: kinds.PrivateDNSZone, ID: "privatelink.blob.core.windows.net"}, []string{"stvnetplay: A 10.1.2.5 · pe-blob"}},
		{Ref{Kind: kinds.PrivateDNSZone, ID: "privatelink.database.windows.net"}, []string{"sql-vnetplay: A 10.1.2.6 · pe-sql"}},
		{Ref{Kind: kinds.PrivateDNSZone, ID: "privatelink.vaultcore.azure.net"}, nil},
		{Ref{Kind: kinds.PrivateEndpoint, ID: "pe-blob"}, nil},
	} {
		if got := snap.KeptRecords(c.r); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v: %q, want %q", c.r, got, c.want)
		}
	}
}

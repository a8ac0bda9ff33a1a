package importer

import (
	"fmt"
	"strings"
)

// The az CLI front end.
//
// `az … list` prints an array of resources, `az … show` one resource, and
// the REST API (az rest, the portal's JSON view) `{"value": [...]}`. Users
// concatenate these: one array holding resources, whole list outputs
// (arrays) and REST lists side by side. fromAz flattens all of it.
//
// az lifts the contents of `properties` to the top level and adds
// `resourceGroup` (rule:import.two-json-dialects); so does it for the children
// embedded in a parent (vnet.subnets[], routeTable.routes[],
// nsg.securityRules[], nic.ipConfigurations[], …). fromAz puts both back
// in the REST shape the builder reads: a resource's Props is everything
// but its envelope (azEnvelope), and an embedded child becomes
// {id, name, type, etag, resourceGroup, properties:{…}} (azNormaliseChildren).
// Objects already in the REST shape (with a `properties` object) are left
// as they are.

// azEnvelope reports whether a top-level key of an az object is outside
// the resource's properties: it stays out of Props.
func azEnvelope(k string) bool {
	switch k {
	case "id", "name", "type", "location", "etag", "resourceGroup", "sku", "tags", "zones":
		return true
	}
	return false
}

// azChildEnvelope reports whether a key of an embedded child stays beside
// its `properties` when azWrapChild wraps it (REST children carry id, name,
// type and etag at that level; resourceGroup is az's addition).
func azChildEnvelope(k string) bool {
	switch k {
	case "id", "name", "type", "etag", "resourceGroup":
		return true
	}
	return false
}

// azSkuIsProperty reports whether typ keeps its REST sku under properties
// (properties.sku) rather than in the envelope: for these types az's
// lifted `sku` is also put back into Props.
func azSkuIsProperty(typ string) bool {
	return SameType(typ, "Microsoft.Network/virtualNetworkGateways") || SameType(typ, "Microsoft.Network/azureFirewalls")
}

// Bounds of the az front end. Decoded JSON is at most MaxFileSize bytes, so
// the walk is linear in the input; the depths keep the recursion shallow
// whatever the nesting.
const (
	// maxAzNesting bounds arrays inside arrays (pasted list outputs).
	maxAzNesting = 8
	// maxAzDepth bounds how deep azNormaliseChildren looks for embedded
	// children: far deeper than any Azure resource (a VNet's subnet's
	// delegation is depth 4).
	maxAzDepth = 32
	// maxAzEntries bounds the report entries the front end lists one by
	// one.
	maxAzEntries = 500
)

// fromAz reads az CLI output: an array (of resources, of list outputs, of
// REST lists, mixed), one object (`az … show`), or {"value": [...]}. Every
// element that is not a resource object is a Skipped entry with its place
// ("[i]", "[i][j]", "value[j]", "[i].value[j]"); a single object is "[0]".
// Two copies of one resource id (a resource in both `az resource list` and
// its own list) keep the fuller one. It returns an error wrapping
// ErrNoNetwork when no element is a resource, and one when there are more
// than MaxResources.
func fromAz(v any, rep *Report) ([]Resource, error) {
	c := azReader{rep: rep, seen: map[string]int{}, bare: map[string]bool{}}
	switch x := v.(type) {
	case []any:
		c.list(x, "", 0)
	case map[string]any:
		if l, ok := azRESTList(x); ok {
			c.list(l, "value", 0)
			c.restPage(x, "value")
		} else if g, ok := azGraphResult(x); ok {
			c.graph = true
			c.list(g.rows, g.where, 0)
			c.graphPage(g)
		} else {
			c.element(x, "[0]")
		}
	default:
		return nil, fmt.Errorf("az output is an array or an object, not %s", jsonKind(v))
	}
	c.dropBare()
	c.finish()
	if c.over {
		return nil, fmt.Errorf("more than %d resources", MaxResources)
	}
	if len(c.res) == 0 && c.dropped > 0 {
		return nil, fmt.Errorf("%w: the network resources of the az output (%d) are `az resource list` entries, which hold no properties: export them with `az network … list` or `az resource show --ids …`", ErrNoNetwork, c.dropped)
	}
	if len(c.res) == 0 {
		return nil, fmt.Errorf("%w: no element of the az output is a resource object", ErrNoNetwork)
	}
	return c.res, nil
}

// azReader collects the resources of one az document.
type azReader struct {
	rep     *Report
	res     []Resource
	seen    map[string]int // lower-cased id → index in res
	over    bool           // more than MaxResources: stop reading
	entries int            // entries reported so far
	// bare holds the lower-cased ids whose kept copy is an `az resource
	// list` entry (`properties: null`, nothing of the resource's own);
	// dropped counts the network resources dropBare left out.
	bare    map[string]bool
	dropped int
	// graph is set for an Azure Resource Graph result, whose rows carry
	// their properties in `properties` unless the query projected them
	// away (element).
	graph bool
}

// report adds an entry to the report; past maxAzEntries it only counts
// them (finish reports how many), so junk input cannot grow the report
// without bound.
func (c *azReader) report(kind EntryKind, where, what, why string) {
	if c.entries++; c.entries <= maxAzEntries {
		c.rep.Add(kind, where, what, why)
	}
}

// finish reports the entries report left out.
func (c *azReader) finish() {
	if n := c.entries - maxAzEntries; n > 0 {
		c.rep.Add(Skipped, "…", "entries", fmt.Sprintf("%d more elements or fields could not be read (only the first %d are listed)", n, maxAzEntries))
	}
}

// azRESTList returns the `value` array of a REST list ({"value": [...]}
// without the id and type of a resource).
func azRESTList(m map[string]any) ([]any, bool) {
	l, ok := m["value"].([]any)
	if !ok {
		return nil, false
	}
	_, hasID := m["id"].(string)
	_, hasType := m["type"].(string)
	return l, !hasID && !hasType
}

// restPage reports a REST list answer that is one page of the list (a
// nextLink names the next): the resources of the other pages are not in
// the file.
func (c *azReader) restPage(m map[string]any, where string) {
	next, _ := m["nextLink"].(string)
	if strings.TrimSpace(next) == "" {
		return
	}
	c.report(Skipped, where, "nextLink",
		"the REST list answer is one page of the list (its nextLink names the next): the resources on the other pages are not in the file, and references to them are reported where they are dropped; fetch every page (az rest --url with each nextLink, or the az list command, which follows them) and import them together")
}

// azGraph is an Azure Resource Graph result: its rows as objects and
// where they are in the file, and what it says of its paging.
type azGraph struct {
	rows  []any
	where string // "data" or "data.rows" (the table format)
	// total is totalRecords (REST) or total_records (az), when hasTotal.
	total    float64
	hasTotal bool
	// skipToken: $skipToken (REST) or skip_token (az) is set, more pages
	// follow; truncated: resultTruncated, Resource Graph cut the result.
	skipToken, truncated bool
}

// azGraphResult reads an Azure Resource Graph result: the REST answer
// {totalRecords, count, resultTruncated, $skipToken?, facets, data} or
// `az graph query`'s {count, data, skip_token, total_records}, data being
// an array of row objects or, in the REST table format, {columns:[{name,
// type}], rows:[[…]]} (each row becomes an object keyed by the column
// names). False for any other object.
func azGraphResult(m map[string]any) (azGraph, bool) {
	data, ok := m["data"]
	if !ok {
		return azGraph{}, false
	}
	if _, hasID := m["id"].(string); hasID {
		return azGraph{}, false
	}
	marked := false
	for _, k := range []string{"totalRecords", "total_records", "count", "$skipToken", "skip_token", "resultTruncated", "facets"} {
		if _, ok := m[k]; ok {
			marked = true
		}
	}
	if !marked {
		return azGraph{}, false
	}
	var g azGraph
	switch d := data.(type) {
	case []any:
		g.rows, g.where = d, "data"
	case map[string]any:
		cols, _ := d["columns"].([]any)
		rows, _ := d["rows"].([]any)
		if cols == nil || d["rows"] == nil {
			return azGraph{}, false
		}
		g.rows, g.where = azGraphTable(cols, rows), "data.rows"
	default:
		return azGraph{}, false
	}
	for _, k := range []string{"totalRecords", "total_records"} {
		if n, ok := number(m[k]); ok {
			g.total, g.hasTotal = n, true
		}
	}
	for _, k := range []string{"$skipToken", "skip_token"} {
		if s, _ := m[k].(string); s != "" {
			g.skipToken = true
		}
	}
	switch x := m["resultTruncated"].(type) {
	case bool:
		g.truncated = x
	case string:
		g.truncated = strings.EqualFold(x, "true")
	}
	return g, true
}

// azGraphTable turns the rows of a table-format result into objects keyed
// by the column names; a row that is not an array is kept as it is (list
// reports it), and a row shorter than the columns lacks the last keys.
func azGraphTable(cols, rows []any) []any {
	names := make([]string, len(cols))
	for i, c := range cols {
		m, _ := c.(map[string]any)
		names[i], _ = m["name"].(string)
	}
	out := make([]any, len(rows))
	for i, r := range rows {
		vals, ok := r.([]any)
		if !ok {
			out[i] = r
			continue
		}
		obj := make(map[string]any, len(names))
		for j, v := range vals {
			if j < len(names) && names[j] != "" {
				obj[names[j]] = v
			}
		}
		out[i] = obj
	}
	return out
}

// graphPage reports that a Resource Graph result is one page of a longer
// one, or was cut short: the resources of the other pages are not in the
// file.
func (c *azReader) graphPage(g azGraph) {
	if !g.skipToken && !g.truncated && (!g.hasTotal || g.total <= float64(len(g.rows))) {
		return
	}
	of := graphRowCount(g)
	why := fmt.Sprintf("the Resource Graph result is one page (%s): the resources on the other pages are not in the file, and references to them are reported where they are dropped; fetch every page (az graph query --first 1000 with --skip-token, or REST's $skipToken) and import them together", of)
	if g.truncated {
		why = fmt.Sprintf("the Resource Graph result was truncated (resultTruncated, %s): the resources on the other pages are not in the file; page through the result with a stable sort (order by id) and import every page together", of)
	}
	c.report(Skipped, g.where, "rows", why)
}

// graphRowCount says how many rows a Resource Graph page holds of the
// whole result: "3 of 11 rows" when totalRecords says more, else the
// count with what marks the result as cut although totalRecords matches it.
func graphRowCount(g azGraph) string {
	switch {
	case g.hasTotal && g.total > float64(len(g.rows)):
		return fmt.Sprintf("%d of %.0f rows", len(g.rows), g.total)
	case g.hasTotal:
		return fmt.Sprintf("%d rows, as many as its totalRecords says, yet it is marked as cut short: rows may be missing", len(g.rows))
	}
	return "more rows than it holds"
}

// list reads the elements of an array at where ("" for the top level).
func (c *azReader) list(l []any, where string, nest int) {
	for i, e := range l {
		if c.over {
			return
		}
		at := fmt.Sprintf("%s[%d]", where, i)
		switch x := e.(type) {
		case []any:
			if nest+1 >= maxAzNesting {
				c.report(Skipped, at, "array", fmt.Sprintf("arrays nested deeper than %d levels are not read", maxAzNesting))
				continue
			}
			c.list(x, at, nest+1)
		case map[string]any:
			if sub, ok := azRESTList(x); ok {
				if nest+1 >= maxAzNesting {
					c.report(Skipped, at, "value", fmt.Sprintf("lists nested deeper than %d levels are not read", maxAzNesting))
					continue
				}
				c.list(sub, at+".value", nest+1)
				c.restPage(x, at+".value")
				continue
			}
			c.element(x, at)
		default:
			c.report(Skipped, at, jsonKind(e), "not a resource object: az list output is an array of objects")
		}
	}
}

// element reads one resource object at where.
func (c *azReader) element(m map[string]any, where string) {
	r, ok := c.envelope(m, where)
	if !ok {
		return
	}
	if _, has := m["properties"].(map[string]any); c.graph && !has {
		c.report(Skipped, where, r.Type+" "+r.Name,
			"the Resource Graph row has no properties (the query's project clause left them out): nothing of the resource can be read; add properties to the project clause, or leave project out")
		return
	}
	r.Props = c.props(m, where)
	bare := !c.graph && azResourceListEntry(m)
	r.Tags = TagsOf(m["tags"])
	for _, why := range ownTagsOfWrongType(m["tags"]) {
		c.report(Ignored, where, "tags", why)
	}
	azNormaliseChildren(r.Props, 0)
	if sku, ok := m["sku"].(map[string]any); ok {
		r.SKU = sku
		if azSkuIsProperty(r.Type) {
			if _, has := r.Props["sku"]; !has {
				r.Props["sku"] = sku
			}
		}
	} else if str, ok := m["sku"].(string); ok && SameType(r.Type, typeHub) {
		// A virtual hub's (Route Server's) sku is a string property
		// ("Standard", "Basic"), which az lifts beside the envelope.
		if _, has := r.Props["sku"]; !has {
			r.Props["sku"] = str
		}
	} else if m["sku"] != nil {
		c.report(Ignored, where, "sku", fmt.Sprintf("sku is %s, not an object", jsonKind(m["sku"])))
	}
	c.add(r, bare)
}

// azResourceListField reports whether k is a field `az resource list`
// prints beside the envelope: it lists every resource with
// `properties: null`.
func azResourceListField(k string) bool {
	switch k {
	case "changedTime", "createdTime", "extendedLocation", "identity", "kind", "managedBy", "plan", "properties", "provisioningState":
		return true
	}
	return false
}

// azResourceListEntry reports whether m is an `az resource list` entry:
// `properties` present and null, and no field beyond the envelope and
// azResourceListField's. Such an entry says that a resource exists, not
// what it holds (no address space, routes or rules).
func azResourceListEntry(m map[string]any) bool {
	if p, ok := m["properties"]; !ok || p != nil {
		return false
	}
	for k := range m {
		if !azEnvelope(k) && !azResourceListField(k) {
			return false
		}
	}
	return true
}

// dropBare leaves out, and reports, each network resource whose only copy
// in the file is an `az resource list` entry: read as it stands, a route
// table would have no routes, an NSG no rules and a VNet no address space,
// which changes what the design means (rule:import.two-json-dialects).
// Other resources, and network types the builder does not map
// (mappedType), stay: the builder reports them as not imported, with why
// (skipReason: "Azure Bastion is not modelled", not "no properties").
func (c *azReader) dropBare() {
	keep := c.res[:0]
	for _, r := range c.res {
		key := strings.ToLower(r.ID)
		if !c.bare[key] || !mappedType(strings.ToLower(r.Type)) {
			keep = append(keep, r)
			continue
		}
		c.dropped++
		c.report(Skipped, r.Where, r.Type+" "+r.Name,
			"an `az resource list` entry: it has no properties (`properties: null`), so nothing of the resource can be read (a route table's routes, an NSG's rules, a VNet's address space); left out, not imported empty. Add its own output (`az network … list -g RG`, or `az resource show --ids ID`)")
	}
	clear(c.res[len(keep):])
	c.res = keep
}

// envelope reads the id, type, name and location of m. An element without
// a type gets the type its id names; one with neither is Skipped (ok
// false), as is one whose type cannot be told.
func (c *azReader) envelope(m map[string]any, where string) (Resource, bool) {
	r := Resource{Where: where}
	r.ID = c.str(m, "id", where)
	r.Type = c.str(m, "type", where)
	r.Name = c.str(m, "name", where)
	r.Location = c.str(m, "location", where)
	idType, idName := azTypeFromID(r.ID)
	switch {
	case r.Type == "" && r.ID == "":
		c.report(Skipped, where, "object", "no type and no id: not a resource")
		return r, false
	case r.Type == "" && idType == "":
		c.report(Skipped, where, "object", fmt.Sprintf("no type, and the id %q names no resource type", r.ID))
		return r, false
	case r.Type == "":
		r.Type = idType
	}
	if r.Name == "" {
		r.Name = idName
	}
	if r.Name == "" {
		c.report(Skipped, where, r.Type, "no name and no id to take it from")
		return r, false
	}
	if r.ID == "" {
		r.ID = azSynthID(r.Type, r.Name, m)
		c.report(Assumed, where, r.Type, fmt.Sprintf("no id: took %s", r.ID))
	}
	if i := strings.LastIndexByte(r.Name, '/'); i >= 0 && i+1 < len(r.Name) {
		r.Name = r.Name[i+1:] // an ARM-style child name "vnet/subnet"
	}
	return r, true
}

// str returns m[key] as a string; a value of another JSON type is reported
// (Ignored) and read as "".
func (c *azReader) str(m map[string]any, key, where string) string {
	switch x := m[key].(type) {
	case string:
		return x
	case nil:
		return ""
	default:
		c.report(Ignored, where, key, fmt.Sprintf("%s is %s, not a string", key, jsonKind(x)))
		return ""
	}
}

// props returns the REST properties of m: its `properties` object when it
// has one (REST output), else every key outside the envelope (az output;
// `properties: null`, as `az resource list` prints it, counts as absent).
func (c *azReader) props(m map[string]any, where string) map[string]any {
	switch p := m["properties"].(type) {
	case map[string]any:
		return p
	case nil:
	default:
		c.report(Ignored, where, "properties", fmt.Sprintf("properties is %s, not an object", jsonKind(p)))
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if !azEnvelope(k) && k != "properties" {
			out[k] = v
		}
	}
	return out
}

// add appends r (bare when it is an `az resource list` entry), or, when a
// resource with the same id (ARM ids are case-insensitive) was read
// before, keeps the copy with more properties and reports the other. A
// bare copy never wins over one with the resource's own properties, however
// many fields resource list prints.
func (c *azReader) add(r Resource, bare bool) {
	key := strings.ToLower(r.ID)
	if i, ok := c.seen[key]; ok {
		kept, dropped := c.res[i], r
		if fuller := len(r.Props) > len(kept.Props); bare == c.bare[key] && fuller || c.bare[key] && !bare {
			kept, dropped = r, kept
			c.res[i] = r
			c.bare[key] = bare
		}
		c.report(Ignored, dropped.Where, dropped.Type, fmt.Sprintf("a second copy of %s (%s): the fuller copy at %s is read", dropped.Name, dropped.ID, kept.Where))
		return
	}
	if len(c.res) >= MaxResources {
		c.over = true
		return
	}
	c.seen[key] = len(c.res)
	c.bare[key] = bare
	c.res = append(c.res, r)
}

// azNormaliseChildren puts the embedded children found anywhere inside v back
// in the REST shape, in place: an array element that is an object with an
// id, no `properties` and fields beyond a reference's
// ({id, resourceGroup}) becomes {id, name, type, etag, resourceGroup,
// properties:{the other fields}}. References, objects already in the REST
// shape and everything below maxAzDepth are left as they are.
func azNormaliseChildren(v any, depth int) {
	if depth > maxAzDepth {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			azNormaliseChildren(e, depth+1)
		}
	case []any:
		for i, e := range x {
			azNormaliseChildren(e, depth+1)
			if m, ok := e.(map[string]any); ok && azLiftedChild(m) {
				x[i] = azWrapChild(m)
			}
		}
	}
}

// azLiftedChild reports whether m is a child resource in az's lifted shape.
func azLiftedChild(m map[string]any) bool {
	if _, ok := m["id"].(string); !ok {
		return false
	}
	if _, ok := m["properties"]; ok {
		return false
	}
	for k := range m {
		if !azChildEnvelope(k) {
			return true
		}
	}
	return false
}

// azWrapChild returns m with its fields outside azChildEnvelope moved under
// `properties`.
func azWrapChild(m map[string]any) map[string]any {
	out := make(map[string]any, 6)
	props := make(map[string]any, len(m))
	for k, v := range m {
		if azChildEnvelope(k) {
			out[k] = v
		} else {
			props[k] = v
		}
	}
	out["properties"] = props
	return out
}

// azTypeFromID returns the resource type and name an ARM id names:
// "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
// → "Microsoft.Network/virtualNetworks/subnets", "s". The last "providers"
// segment counts (extension resources). "", "" when id is no resource id.
func azTypeFromID(id string) (typ, name string) {
	seg := strings.Split(strings.Trim(id, "/"), "/")
	p := -1
	for i, s := range seg {
		if strings.EqualFold(s, "providers") {
			p = i
		}
	}
	if p < 0 || p+3 > len(seg) {
		return "", ""
	}
	ns, rest := seg[p+1], seg[p+2:]
	if ns == "" || len(rest)%2 != 0 {
		return "", ""
	}
	types := []string{ns}
	for i := 0; i < len(rest); i += 2 {
		if rest[i] == "" || rest[i+1] == "" {
			return "", ""
		}
		types = append(types, rest[i])
	}
	return strings.Join(types, "/"), rest[len(rest)-1]
}

// azSynthID makes an ARM id for an element that has a type and a name but no
// id (hand-written or trimmed output), in the subscription of zeros and
// its resourceGroup (or "unknown"). A child's name is "parent/child", as
// ARM templates write it.
func azSynthID(typ, name string, m map[string]any) string {
	rg, _ := m["resourceGroup"].(string)
	if rg == "" {
		rg = "unknown"
	}
	types := strings.Split(typ, "/")
	names := strings.Split(name, "/")
	var b strings.Builder
	fmt.Fprintf(&b, "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/%s/providers/%s", rg, types[0])
	for i, t := range types[1:] {
		n := names[len(names)-1]
		if i < len(names) {
			n = names[i]
		}
		fmt.Fprintf(&b, "/%s/%s", t, n)
	}
	return b.String()
}

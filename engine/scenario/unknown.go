package scenario

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// unknownFields lists, in sorted order, the paths of object members that
// Document does not define. Matching is case-insensitive, like
// encoding/json's, so a member that decodes is never reported.
func unknownFields(obj map[string]any) []string {
	var out []string
	walkUnknown(obj, reflect.TypeFor[Document](), "", &out)
	slices.Sort(out)
	return out
}

func walkUnknown(v any, t reflect.Type, path string, out *[]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		for key, val := range obj {
			f, ok := fieldByJSONName(t, key)
			if !ok {
				*out = append(*out, joinPath(path, quoteIfOdd(key)))
				continue
			}
			walkUnknown(val, f.Type, joinPath(path, quoteIfOdd(key)), out)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return
		}
		for i, el := range arr {
			walkUnknown(el, t.Elem(), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		for key, val := range obj {
			walkUnknown(val, t.Elem(), joinPath(path, quoteIfOdd(key)), out)
		}
	}
}

func fieldByJSONName(t reflect.Type, key string) (reflect.StructField, bool) {
	var fold reflect.StructField
	found := false
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f, true
		}
		if !found && strings.EqualFold(name, key) {
			fold, found = f, true
		}
	}
	return fold, found
}

package importer_test

import (
	"strings"
	"testing"

	"stakegraph/formats"
)

// FuzzReadCSV: any bytes as the CSV pair are read without panicking, and every row is either
// imported or reported with its file and a line number.
func FuzzReadCSV(f *testing.F) {
	f.Add("id,name,sector\na,A,business\n", "id,source,target\np,a,a\n")
	f.Add("id,name,sector,kind,type,region,description,tags\nx,\"quoted, name\",media,PERSON,,,,t1;t2\n", "")
	f.Add("\ufeffid,name,sector\n\"unterminated", "id,source,target,weight\np,a,b,-1\np,a,b,NaN\n")
	f.Add("", "id,source,target,since,until\np,a,b,2016-13-01,x\n")
	f.Add("id,name,sector\n'=cmd,'@x,business\n", "")
	f.Fuzz(func(t *testing.T, actors, ties string) {
		net, _, bad := formats.Read("a.csv", strings.NewReader(actors), "p.csv", strings.NewReader(ties))
		for _, e := range bad {
			if e.File != "a.csv" && e.File != "p.csv" {
				t.Fatalf("row error names file %q", e.File)
			}
			if e.Line < 1 {
				t.Fatalf("row error without a line: %+v", e)
			}
		}
		_ = net
	})
}

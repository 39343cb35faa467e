package harness

import "io"

// Pad is a GraphQL request body of N bytes, a query and a variable padded with 'x', made
// without allocating per byte (so a test measuring the server's memory measures the server).
type Pad struct {
	head, tail string
	N, off     int
}

// NewPad returns a body of n bytes asking for the graph version.
func NewPad(n int) *Pad {
	return &Pad{head: `{"query":"{ graphVersion }","variables":{"pad":"`, tail: `"}}`, N: n}
}

func newImportPad(n int) *Pad {
	return &Pad{head: `{"query":"mutation($a: [ImportActorRow!]) { importNetworkJson(actors: $a) { id } }","variables":{"a":[{"id":"x","name":"`,
		tail: `"}]}}`, N: n}
}

// Read implements io.Reader.
func (b *Pad) Read(p []byte) (int, error) {
	if b.off >= b.N {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && b.off < b.N {
		switch {
		case b.off < len(b.head):
			p[k] = b.head[b.off]
		case b.off >= b.N-len(b.tail):
			p[k] = b.tail[b.off-(b.N-len(b.tail))]
		default:
			p[k] = 'x'
		}
		k++
		b.off++
	}
	return k, nil
}

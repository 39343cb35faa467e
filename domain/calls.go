package domain

import "context"

// MaxCallsPerRequest bounds the store calls one request runs at once (WithCallLimit): one
// operation with hundreds of aliased store fields cannot take the database driver's whole
// connection pool from everyone else.
const MaxCallsPerRequest = 4

type callLimitKey struct{}

// WithCallLimit returns a context under which at most n store calls run at once; the others
// wait their turn (while ctx lives). The store honours it.
func WithCallLimit(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, callLimitKey{}, make(chan struct{}, n))
}

// CallSlots returns the call slots of ctx's request, or nil when its calls are not limited.
func CallSlots(ctx context.Context) chan struct{} {
	slots, _ := ctx.Value(callLimitKey{}).(chan struct{})
	return slots
}

package network

import "context"

// checkStride is how many vertices (or rows) a kernel processes between cancellation checks:
// coarse enough to cost nothing measurable, fine enough to stop within milliseconds on L.
const checkStride = 1024

// stop reports ctx's error every checkStride steps (nil between checks and while it lives).
func stop(ctx context.Context, i int) error {
	if i%checkStride != 0 {
		return nil
	}
	return ctx.Err()
}

package network

import (
	"context"
	"math"
	"math/rand/v2"
)

// ForceAtlas2 lays out an undirected graph with the ForceAtlas2 model (M. Jacomy, T. Venturini,
// S. Heymann and M. Bastian, "ForceAtlas2, a continuous graph layout algorithm for handy
// network visualization designed for the Gephi software", PLoS ONE 9(6), 2014): degree-scaled
// repulsion F_r = k_r (deg(u)+1)(deg(v)+1)/d, linear attraction F_a = d along edges, gravity
// towards the centre, and per-node adaptive speed (swinging versus traction). Initial
// positions come from seed, so the same seed and iterations give the same layout. Repulsion is
// exact (all pairs), O(iterations·n²): meant for the few thousand nodes a frontend draws.
func ForceAtlas2(ctx context.Context, u *Graph, seed uint64, iterations int) (x, y []float64, err error) {
	n := u.N
	x, y = make([]float64, n), make([]float64, n)
	rng := rand.New(rand.NewPCG(seed, 0xfa2))
	for i := range x {
		x[i], y[i] = rng.Float64()*100-50, rng.Float64()*100-50
	}
	if n < 2 {
		return x, y, nil
	}
	const kr, gravity, jitterTolerance = 2.0, 1.0, 1.0
	mass := make([]float64, n)
	for v := 0; v < n; v++ {
		mass[v] = float64(u.OutOff[v+1]-u.OutOff[v]) + 1
	}
	dx, dy := make([]float64, n), make([]float64, n)
	oldDx, oldDy := make([]float64, n), make([]float64, n)
	speed, speedEfficiency := 1.0, 1.0
	for it := 0; it < iterations; it++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		copy(oldDx, dx)
		copy(oldDy, dy)
		clear(dx)
		clear(dy)
		for a := 0; a < n; a++ {
			if a%256 == 0 && ctx.Err() != nil { // O(n²) repulsion: check within the iteration
				return nil, nil, ctx.Err()
			}
			for b := a + 1; b < n; b++ {
				ddx, ddy := x[a]-x[b], y[a]-y[b]
				d2 := ddx*ddx + ddy*ddy
				if d2 == 0 {
					continue
				}
				f := kr * mass[a] * mass[b] / d2
				dx[a] += ddx * f
				dy[a] += ddy * f
				dx[b] -= ddx * f
				dy[b] -= ddy * f
			}
			d := math.Hypot(x[a], y[a])
			if d > 0 {
				f := gravity * mass[a] / d
				dx[a] -= x[a] * f
				dy[a] -= y[a] * f
			}
		}
		for a := int32(0); a < int32(n); a++ {
			adj, _ := u.Out(a)
			for _, b := range adj {
				if b > a {
					ddx, ddy := x[a]-x[b], y[a]-y[b]
					dx[a] -= ddx
					dy[a] -= ddy
					dx[b] += ddx
					dy[b] += ddy
				}
			}
		}
		// Adaptive global speed from swinging (direction changes) and traction.
		swing, traction := 0.0, 0.0
		for v := 0; v < n; v++ {
			swing += mass[v] * math.Hypot(oldDx[v]-dx[v], oldDy[v]-dy[v])
			traction += mass[v] * math.Hypot(oldDx[v]+dx[v], oldDy[v]+dy[v]) / 2
		}
		estimatedJitter := 0.05 * math.Sqrt(float64(n))
		jt := jitterTolerance * math.Max(math.Sqrt(estimatedJitter), math.Min(10, estimatedJitter*traction/(float64(n)*float64(n))))
		if swing/traction > 2 {
			speedEfficiency = math.Max(speedEfficiency*0.5, 0.05)
			jt = math.Max(jt, jitterTolerance)
		}
		target := jt * speedEfficiency * traction / math.Max(swing, 1e-12)
		if swing > jt*traction {
			speedEfficiency = math.Max(speedEfficiency*0.7, 0.05)
		} else if speed < 1000 {
			speedEfficiency *= 1.3
		}
		speed += math.Min(target-speed, 0.5*speed)
		for v := 0; v < n; v++ {
			s := mass[v] * math.Hypot(oldDx[v]-dx[v], oldDy[v]-dy[v])
			factor := 0.1 * speed / (1 + math.Sqrt(speed*s))
			x[v] += dx[v] * factor
			y[v] += dy[v] * factor
		}
	}
	return x, y, nil
}

package network

import (
	"context"
	"math"
	"math/rand/v2"
)

// ForceAtlas2 lays out an undirected graph with the ForceAtlas2 model (M. Jacomy, T. Venturini,
// S. Heymann and M. Bastian, "ForceAtlas2, a continuous graph layout algorithm for handy
// network visualization designed for the Gephi software", PLoS ONE 9(6), 2014): degree-scaled
// repulsion F_r = k_r (deg(u)+1)(deg(v)+1)/d, linear attraction F_a = d along edges, strong
// gravity F_g = k_g (deg(u)+1)·d towards the centre (it grows with the distance, so isolated
// actors and small components stay near the core instead of drifting off), and per-node
// adaptive speed (swinging versus traction). Initial positions come from seed, so the same
// seed and iterations give the same layout. Repulsion is Barnes–Hut (a quadtree per
// iteration, theta 1.2 as Gephi), O(iterations·n log n).
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
	const kr, gravity, jitterTolerance, theta = 2.0, 1.0, 1.0, 1.2
	mass := make([]float64, n)
	for v := 0; v < n; v++ {
		mass[v] = float64(u.OutOff[v+1]-u.OutOff[v]) + 1
	}
	dx, dy := make([]float64, n), make([]float64, n)
	oldDx, oldDy := make([]float64, n), make([]float64, n)
	var tree quadtree
	var stack []int32
	speed, speedEfficiency := 1.0, 1.0
	defer func() { addSteps(ctx, tree.steps) }()
	for it := 0; it < iterations; it++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		tree.steps += 4*n + len(u.OutAdj) // attraction over the ties, speeds and moves
		copy(oldDx, dx)
		copy(oldDy, dy)
		clear(dx)
		clear(dy)
		tree.build(x, y, mass)
		for a := 0; a < n; a++ {
			if a%1024 == 0 && ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			var fx, fy float64
			fx, fy, stack = tree.repel(int32(a), x, y, mass, kr, theta, stack)
			dx[a] += fx - gravity*mass[a]*x[a]
			dy[a] += fy - gravity*mass[a]*y[a]
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

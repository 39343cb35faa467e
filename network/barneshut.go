package network

import "math"

// quadtree holds the bodies of a layout iteration for Barnes–Hut repulsion (J. Barnes and
// P. Hut, "A hierarchical O(N log N) force-calculation algorithm", Nature 324, 1986): a cell
// far enough away — its side over the distance below theta — acts as one body of its total
// mass at its centre of mass. Cells live in flat slices; rebuilding reuses them.
type quadtree struct {
	x0, y0, size []float64 // cell square
	mx, my, m    []float64 // mass-weighted position sums, then centre of mass; total mass
	child        [][4]int32
	body         []int32 // the cell's only body, -1 when empty or split
	steps        int     // cells visited by inserts and repulsions (the Meter's unit)
}

const maxTreeDepth = 40 // coincident bodies stop splitting here and share a leaf

func (t *quadtree) reset() {
	t.x0, t.y0, t.size = t.x0[:0], t.y0[:0], t.size[:0]
	t.mx, t.my, t.m = t.mx[:0], t.my[:0], t.m[:0]
	t.child, t.body = t.child[:0], t.body[:0]
}

func (t *quadtree) cell(x0, y0, size float64) int32 {
	t.x0, t.y0, t.size = append(t.x0, x0), append(t.y0, y0), append(t.size, size)
	t.mx, t.my, t.m = append(t.mx, 0), append(t.my, 0), append(t.m, 0)
	t.child = append(t.child, [4]int32{-1, -1, -1, -1})
	t.body = append(t.body, -1)
	return int32(len(t.body) - 1)
}

// build puts every body in the tree and computes the cells' centres of mass.
func (t *quadtree) build(x, y, mass []float64) {
	t.reset()
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := range x {
		minX, maxX = math.Min(minX, x[i]), math.Max(maxX, x[i])
		minY, maxY = math.Min(minY, y[i]), math.Max(maxY, y[i])
	}
	root := t.cell(minX, minY, math.Max(maxX-minX, maxY-minY)*1.0001+1e-9)
	for b := range x {
		t.insert(root, int32(b), x, y, mass, 0)
	}
	for c := range t.m {
		if t.m[c] > 0 {
			t.mx[c] /= t.m[c]
			t.my[c] /= t.m[c]
		}
	}
}

func (t *quadtree) quadrant(c int32, px, py float64) int {
	half := t.size[c] / 2
	q := 0
	if px >= t.x0[c]+half {
		q |= 1
	}
	if py >= t.y0[c]+half {
		q |= 2
	}
	return q
}

func (t *quadtree) insert(c, b int32, x, y, mass []float64, depth int) {
	for {
		t.steps++
		t.m[c] += mass[b]
		t.mx[c] += mass[b] * x[b]
		t.my[c] += mass[b] * y[b]
		empty := t.body[c] < 0 && t.child[c] == [4]int32{-1, -1, -1, -1}
		if empty {
			t.body[c] = b
			return
		}
		if depth >= maxTreeDepth { // coincident bodies: the leaf keeps its mass for all
			return
		}
		if old := t.body[c]; old >= 0 { // split: push the old body down one level
			t.body[c] = -1
			t.push(c, old, x, y, mass, depth)
		}
		q := t.quadrant(c, x[b], y[b])
		if t.child[c][q] < 0 {
			half := t.size[c] / 2
			t.child[c][q] = t.cell(t.x0[c]+float64(q&1)*half, t.y0[c]+float64(q>>1)*half, half)
		}
		c, depth = t.child[c][q], depth+1
	}
}

// push moves a body already counted in cell c into its child.
func (t *quadtree) push(c, b int32, x, y, mass []float64, depth int) {
	q := t.quadrant(c, x[b], y[b])
	if t.child[c][q] < 0 {
		half := t.size[c] / 2
		t.child[c][q] = t.cell(t.x0[c]+float64(q&1)*half, t.y0[c]+float64(q>>1)*half, half)
	}
	t.insert(t.child[c][q], b, x, y, mass, depth+1)
}

// repel adds to (fx, fy) the repulsion kr·m_a·m_c/d on body a from every body, approximating
// cells with side/d < theta by their centre of mass.
func (t *quadtree) repel(a int32, x, y, mass []float64, kr, theta float64, stack []int32) (fx, fy float64, _ []int32) {
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		t.steps++
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if t.m[c] == 0 || t.body[c] == a {
			continue
		}
		ddx, ddy := x[a]-t.mx[c], y[a]-t.my[c]
		d2 := ddx*ddx + ddy*ddy
		leaf := t.child[c] == [4]int32{-1, -1, -1, -1}
		if leaf || t.size[c]*t.size[c] < theta*theta*d2 {
			if d2 == 0 {
				continue
			}
			f := kr * mass[a] * t.m[c] / d2
			fx += ddx * f
			fy += ddy * f
			continue
		}
		for _, ch := range t.child[c] {
			if ch >= 0 {
				stack = append(stack, ch)
			}
		}
	}
	return fx, fy, stack
}

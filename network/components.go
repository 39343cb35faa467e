package network

// Components labels the connected components of the undirected view of g (weakly connected
// components when directed) by breadth-first search, O(n + m). Labels are 0..count−1 in order
// of each component's smallest vertex.
func Components(g *Graph) (labels []int32, count int) {
	labels = make([]int32, g.N)
	for i := range labels {
		labels[i] = -1
	}
	queue := make([]int32, 0, g.N)
	for s := int32(0); s < int32(g.N); s++ {
		if labels[s] >= 0 {
			continue
		}
		c := int32(count)
		count++
		labels[s] = c
		queue = append(queue[:0], s)
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			adj, _ := g.Out(v)
			for _, w := range adj {
				if labels[w] < 0 {
					labels[w] = c
					queue = append(queue, w)
				}
			}
			if g.Directed {
				adj = g.In(v)
				for _, w := range adj {
					if labels[w] < 0 {
						labels[w] = c
						queue = append(queue, w)
					}
				}
			}
		}
	}
	return labels, count
}

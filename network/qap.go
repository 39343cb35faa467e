package network

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
)

// QAP: quadratic assignment procedure tests on relations between actors (D. Krackhardt,
// "QAP partialling as a test of spuriousness", Social Networks 9, 1987; D. Dekker, D.
// Krackhardt and T. A. B. Snijders, "Sensitivity of MRQAP tests to collinearity and
// autocorrelation conditions", Psychometrika 72, 2007), as R sna's qaptest(…, gcor) and
// netlm(…, nullhyp = "qapspp") compute them. A relation is an n×n matrix, row-major; the
// pairs are i < j on an undirected view (mode "graph") and i ≠ j on a directed one; the
// diagonal never counts. A replication relabels a matrix's rows and columns by one random
// permutation of the actors.

// Relation is an n×n matrix of values over ordered actor pairs, row-major (symmetric for an
// undirected view).
type Relation []float64

// ErrCollinear reports relations whose regression has no unique solution.
var ErrCollinear = errors.New("the relations are collinear")

// pairIndex lists the pairs a view counts: i < j undirected, i ≠ j directed.
func pairIndex(n int, directed bool) (is, js []int32) {
	for i := range int32(n) {
		for j := range int32(n) {
			if i != j && (directed || i < j) {
				is, js = append(is, i), append(js, j)
			}
		}
	}
	return is, js
}

// pearson is the correlation of two equally long vectors (NaN when either is constant).
func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}

// QAPCorrelation tests the correlation of relations x and y over the view's pairs (sna gcor)
// against reps relabellings of y (replication r from PCG(seed, r)).
func QAPCorrelation(ctx context.Context, x, y Relation, n int, directed bool, reps int, seed uint64) (PermutationSummary, error) {
	is, js := pairIndex(n, directed)
	xs, ys := make([]float64, len(is)), make([]float64, len(is))
	for k := range is {
		xs[k], ys[k] = x[int(is[k])*n+int(js[k])], y[int(is[k])*n+int(js[k])]
	}
	observed := pearson(xs, ys)
	return permutationSummary(ctx, observed, reps, seed, func() func(*rand.Rand) float64 {
		py := make([]float64, len(is))
		meter := MeterOf(ctx)
		return func(rng *rand.Rand) float64 {
			meter.Add(n + 3*len(is)) // a permutation, the relabelled pairs, the correlation
			p := rng.Perm(n)
			for k := range is {
				py[k] = y[p[is[k]]*n+p[js[k]]]
			}
			return pearson(xs, py)
		}
	})
}

// MRQAPResult is a QAP regression: a coefficient and its test per column (the intercept
// first), and the fit.
type MRQAPResult struct {
	Coefficients []float64
	Tests        []PermutationSummary // of each coefficient's t-value
	RSquared     float64
	AdjRSquared  float64
}

// MRQAP regresses y on the relations xs with an intercept over the view's pairs by least
// squares and tests each coefficient's t-value by Dekker's semi-partialling (sna netlm,
// nullhyp = "qapspp"): the coefficient's column is regressed on the others, its residuals
// relabelled reps times (replication r from PCG(seed, r)), and y regressed on the others and
// the relabelled residuals, whose t-value makes the null distribution. R² is sna's:
// mss/(mss + rss), adjusted by (N − 1)/(N − p). Errors: ErrCollinear.
func MRQAP(ctx context.Context, y Relation, xs []Relation, n int, directed bool, reps int, seed uint64) (*MRQAPResult, error) {
	is, js := pairIndex(n, directed)
	N := len(is)
	p := len(xs) + 1
	cols := make([][]float64, p) // the design's columns over the pairs
	cols[0] = make([]float64, N)
	for k := range cols[0] {
		cols[0][k] = 1
	}
	for c, x := range xs {
		cols[c+1] = make([]float64, N)
		for k := range is {
			cols[c+1][k] = x[int(is[k])*n+int(js[k])]
		}
	}
	yv := make([]float64, N)
	for k := range is {
		yv[k] = y[int(is[k])*n+int(js[k])]
	}
	if N <= p {
		return nil, ErrCollinear
	}
	beta, tval, rss, err := ols(cols, yv)
	if err != nil {
		return nil, err
	}
	res := &MRQAPResult{Coefficients: beta, Tests: make([]PermutationSummary, p)}
	var mean, mss float64
	fitted := make([]float64, N)
	for k := range N {
		for c := range p {
			fitted[k] += beta[c] * cols[c][k]
		}
		mean += fitted[k]
	}
	mean /= float64(N)
	for _, f := range fitted {
		mss += (f - mean) * (f - mean)
	}
	res.RSquared = mss / (mss + rss)
	res.AdjRSquared = 1 - (1-res.RSquared)*float64(N-1)/float64(N-p)

	for i := range p {
		others := make([][]float64, 0, p-1)
		for c := range p {
			if c != i {
				others = append(others, cols[c])
			}
		}
		gamma, _, _, err := ols(others, cols[i])
		if err != nil {
			return nil, err
		}
		// The residual matrix of column i on the others (symmetric when undirected).
		resid := make(Relation, n*n)
		for k := range is {
			r := cols[i][k]
			for c, o := range others {
				r -= gamma[c] * o[k]
			}
			resid[int(is[k])*n+int(js[k])] = r
			if !directed {
				resid[int(js[k])*n+int(is[k])] = r
			}
		}
		// Per replication only the relabelled residuals' cross products change: the others'
		// own products are computed once.
		q := p - 1
		zz := make([]float64, q*q)
		zy := make([]float64, q)
		for a := range q {
			for b := range q {
				zz[a*q+b] = dot(others[a], others[b])
			}
			zy[a] = dot(others[a], yv)
		}
		yy := dot(yv, yv)
		res.Tests[i], err = permutationSummary(ctx, tval[i], reps, seed, func() func(*rand.Rand) float64 {
			r := make([]float64, N)
			A := make([]float64, p*p)
			rhs := make([]float64, p)
			meter := MeterOf(ctx)
			return func(rng *rand.Rand) float64 {
				meter.Add(n + (q+3)*N + p*p*p) // a permutation, the pairs, q + 2 products, the solve
				perm := rng.Perm(n)
				for k := range is {
					r[k] = resid[perm[is[k]]*n+perm[js[k]]]
				}
				for a := range q {
					copy(A[a*p:a*p+q], zz[a*q:a*q+q])
					A[a*p+q] = dot(others[a], r)
					A[q*p+a] = A[a*p+q]
					rhs[a] = zy[a]
				}
				A[q*p+q] = dot(r, r)
				rhs[q] = dot(yv, r)
				return lastT(A, rhs, yy, p, N)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// ols fits y on the columns by least squares through a QR decomposition (modified
// Gram–Schmidt): the coefficients, their t-values and the residual sum of squares. Errors:
// ErrCollinear when a column is (numerically) a combination of the ones before it.
func ols(cols [][]float64, y []float64) (beta, t []float64, rss float64, err error) {
	p, N := len(cols), len(y)
	Q := make([][]float64, p)
	R := make([]float64, p*p)
	for c := range p {
		v := append([]float64(nil), cols[c]...)
		for a := range c {
			r := dot(Q[a], v)
			R[a*p+c] = r
			for k := range v {
				v[k] -= r * Q[a][k]
			}
		}
		norm := math.Sqrt(dot(v, v))
		if norm <= 1e-9*math.Sqrt(dot(cols[c], cols[c])) || norm == 0 {
			return nil, nil, 0, ErrCollinear
		}
		R[c*p+c] = norm
		for k := range v {
			v[k] /= norm
		}
		Q[c] = v
	}
	qty := make([]float64, p)
	for c := range p {
		qty[c] = dot(Q[c], y)
	}
	beta = make([]float64, p)
	for c := p - 1; c >= 0; c-- {
		s := qty[c]
		for a := c + 1; a < p; a++ {
			s -= R[c*p+a] * beta[a]
		}
		beta[c] = s / R[c*p+c]
	}
	for k := range N {
		f := 0.0
		for c := range p {
			f += beta[c] * cols[c][k]
		}
		rss += (y[k] - f) * (y[k] - f)
	}
	// (XᵀX)⁻¹ = R⁻¹R⁻ᵀ: its diagonal from R's inverse.
	rinv := make([]float64, p*p)
	for c := range p {
		rinv[c*p+c] = 1 / R[c*p+c]
		for a := c - 1; a >= 0; a-- {
			s := 0.0
			for b := a + 1; b <= c; b++ {
				s += R[a*p+b] * rinv[b*p+c]
			}
			rinv[a*p+c] = -s / R[a*p+a]
		}
	}
	sigma2 := rss / float64(N-p)
	t = make([]float64, p)
	for c := range p {
		d := 0.0
		for b := c; b < p; b++ {
			d += rinv[c*p+b] * rinv[c*p+b]
		}
		t[c] = beta[c] / math.Sqrt(sigma2*d)
	}
	return beta, t, rss, nil
}

// lastT solves the normal equations A β = rhs (p×p, symmetric positive definite) by Cholesky
// and returns the last coefficient's t-value, the residual sum of squares being yy − βᵀrhs;
// NaN when A is singular.
func lastT(A, rhs []float64, yy float64, p, N int) float64 {
	L := make([]float64, p*p)
	for i := range p {
		for j := 0; j <= i; j++ {
			s := A[i*p+j]
			for k := range j {
				s -= L[i*p+k] * L[j*p+k]
			}
			if i == j {
				if s <= 0 {
					return math.NaN()
				}
				L[i*p+i] = math.Sqrt(s)
			} else {
				L[i*p+j] = s / L[j*p+j]
			}
		}
	}
	z := make([]float64, p)
	for i := range p {
		s := rhs[i]
		for k := range i {
			s -= L[i*p+k] * z[k]
		}
		z[i] = s / L[i*p+i]
	}
	beta := make([]float64, p)
	for i := p - 1; i >= 0; i-- {
		s := z[i]
		for k := i + 1; k < p; k++ {
			s -= L[k*p+i] * beta[k]
		}
		beta[i] = s / L[i*p+i]
	}
	rss := yy - dot(beta, rhs)
	// (A⁻¹)_{pp} = ‖L⁻ᵀ e_p‖²: solve Lᵀ w = e_p … its last entry is 1/L_pp, and the diagonal
	// element is Σ (L⁻¹)_{k,p−1}² = 1/L_{pp}² for the last index.
	last := 1 / (L[(p-1)*p+p-1] * L[(p-1)*p+p-1])
	return beta[p-1] / math.Sqrt(math.Max(rss, 0)/float64(N-p)*last)
}

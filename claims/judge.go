package claims

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/model"
)

// judge decides one expectation.
func judge(net *model.Network, c *kb.Claim, x kb.Expectation, r *Result, margin float64) Check {
	if x.Margin > 0 {
		margin = x.Margin
	}
	if x.Trend != "" {
		return judgeTrend(x, r)
	}
	ch := Check{Expect: x.Describe()}
	a := r.paths[x.Arm][x.Readout]
	ch.Pass = true
	var details []string
	for _, vs := range x.Vs {
		b := r.paths[vs][x.Readout]
		d := a.Value - b.Value
		s := math.Hypot(se(a), se(b))
		lo, hi := d-1.96*s, d+1.96*s
		ok := false
		switch x.Change {
		case "down":
			ok = d < -margin && hi < 0
		case "up":
			ok = d > margin && lo > 0
		case "same":
			ok = math.Abs(d) <= margin
		}
		if ok && x.StrongerThan != nil {
			o := r.paths[x.StrongerThan.Arm][x.Readout].Value - r.paths[x.StrongerThan.Vs][x.Readout].Value
			switch x.Change {
			case "down":
				ok = d < o-margin
			case "up":
				ok = d > o+margin
			}
			details = append(details, fmt.Sprintf("change %+.3f vs %+.3f in %s − %s", d, o, x.StrongerThan.Arm, x.StrongerThan.Vs))
		}
		details = append(details, fmt.Sprintf("%s %.3f − %s %.3f = %+.3f [%+.3f, %+.3f]", x.Arm, a.Value, vs, b.Value, d, lo, hi))
		if !ok {
			ch.Pass = false
			if ch.Path == nil && x.Change != "same" {
				ch.Path, ch.BreaksAt = breaks(net, c, x.Arm, vs, x.Readout, r)
			}
		}
	}
	ch.Detail = strings.Join(details, "; ")
	return ch
}

// breaks finds the path from what the arm perturbs to the readout and the
// first node on it whose value does not differ between the two arms.
func breaks(net *model.Network, c *kb.Claim, arm, vs, readout string, r *Result) ([]string, string) {
	var best []string
	for _, src := range r.sources[arm] {
		p := shortestPath(net, src, readout)
		if p != nil && (best == nil || len(p) < len(best)) {
			best = p
		}
	}
	var out []string
	at := ""
	for _, n := range best {
		va, okA := r.paths[arm][n]
		vb, okB := r.paths[vs][n]
		if !okA || !okB {
			out = append(out, n)
			continue
		}
		out = append(out, fmt.Sprintf("%s %.2f→%.2f", n, vb.Value, va.Value))
		if at == "" && math.Abs(va.Value-vb.Value) < 0.03 {
			at = n
		}
	}
	return out, at
}

// judgeTrend tests a monotone trend over a dose series with Spearman's ρ.
func judgeTrend(x kb.Expectation, r *Result) Check {
	ch := Check{Expect: x.Describe()}
	s, ok := r.Series[x.Series]
	if !ok {
		ch.Detail = "dose series not run"
		return ch
	}
	ys := s.Values[x.Readout]
	var xs []float64
	for _, d := range s.Doses {
		v, _ := dose.Parse(d)
		xs = append(xs, v.Base())
	}
	if len(xs) != len(ys) || len(xs) < 3 {
		ch.Detail = "too few doses for a trend"
		return ch
	}
	rho, p := spearman(xs, ys)
	want := -1.0
	if x.Trend == "up" {
		want = 1
	}
	ch.Pass = rho*want > 0 && p < 0.05
	var vals []string
	for i := range ys {
		vals = append(vals, fmt.Sprintf("%s: %.3f", s.Doses[i], ys[i]))
	}
	ch.Detail = fmt.Sprintf("Spearman ρ = %+.2f, p = %.3g over %s", rho, p, strings.Join(vals, ", "))
	return ch
}

// spearman returns Spearman's rank correlation and its two-sided p-value
// (t approximation, n−2 degrees of freedom; ties get average ranks). A
// perfectly monotone series of n points has p = 0.
func spearman(x, y []float64) (float64, float64) {
	rx, ry := ranks(x), ranks(y)
	rho := stat.Correlation(rx, ry, nil)
	n := float64(len(x))
	if math.IsNaN(rho) {
		return 0, 1
	}
	if math.Abs(rho) >= 1 {
		return rho, 0
	}
	t := rho * math.Sqrt((n-2)/(1-rho*rho))
	p := 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 2}.Survival(math.Abs(t))
	return rho, p
}

func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	r := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}

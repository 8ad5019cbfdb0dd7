package pharm_test

import (
	"fmt"
	"log"
	"math"

	"github.com/ikklab/ikklab/dose"
	"github.com/ikklab/ikklab/kb"
	"github.com/ikklab/ikklab/pharm"
)

func ExampleOccupancy() {
	// Momelotinib at 1 µM on JAK1 (IC50 11 nM, Hill 1).
	fmt.Printf("%.3f\n", pharm.Occupancy(1e-6, 11e-9, 1))
	// At the IC50, whatever the Hill coefficient.
	fmt.Printf("%.3f\n", pharm.Occupancy(11e-9, 11e-9, 2))
	// Output:
	// 0.989
	// 0.500
}

func ExampleEffects() {
	k, err := kb.Default()
	if err != nil {
		log.Fatal(err)
	}
	d, _ := dose.Parse("1 uM")
	effects, warnings, err := pharm.Effects(k, map[string]dose.Dose{"momelotinib": d})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range effects {
		fmt.Println(e)
	}
	for _, w := range warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// IKBKE_ub: inhibited 0.833 (momelotinib)
	// JAK1: inhibited 0.989 (momelotinib)
	// JAK2: inhibited 0.982 (momelotinib)
	// TBK1: inhibited 0.64 (momelotinib)
	// TYK2: inhibited 0.714 (momelotinib)
	// warning: momelotinib on JAK1: IC50 11 nM is unverified (source: pardanani2009)
	// warning: momelotinib on JAK2: IC50 18 nM is unverified (source: pardanani2009)
}

func ExampleApply() {
	k, err := kb.Default()
	if err != nil {
		log.Fatal(err)
	}
	net, err := k.Network()
	if err != nil {
		log.Fatal(err)
	}
	d, _ := dose.Parse("18 nM")
	effects, _, err := pharm.Effects(k, map[string]dose.Dose{"momelotinib": d})
	if err != nil {
		log.Fatal(err)
	}
	treated, err := pharm.Apply(net, effects, pharm.Options{})
	if err != nil {
		log.Fatal(err)
	}
	before, _ := net.Node("JAK2")
	after, _ := treated.Node("JAK2")
	fmt.Println("up:  ", before.Up, "→", after.Up)
	fmt.Println("down:", before.Down, "→", after.Down)
	// Output:
	// up:   @logic ? 1 : 0 → (@logic ? 1 : 0) * 0.5
	// down: @logic ? 0 : 1 → (@logic ? 0 : 1) + 0.5
}

func ExampleFitLogistic() {
	// Viability falling from 100% to 10% with IC50 300 nM and Hill 1.2,
	// measured without noise at 0 and at 1 nM to 10 µM.
	x := []float64{0, 1e-9, 1e-8, 1e-7, 3e-7, 1e-6, 1e-5}
	y := make([]float64, len(x))
	for i, c := range x {
		y[i] = 10 + 90/(1+math.Pow(c/3e-7, 1.2))
	}
	f, err := pharm.FitLogistic(x, y)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("top %.1f bottom %.1f IC50 %.1f nM Hill %.2f R² %.4f converged %v\n",
		f.Top, f.Bottom, f.IC50*1e9, f.Hill, f.R2, f.Converged)
	// Output:
	// top 100.0 bottom 10.0 IC50 300.0 nM Hill 1.20 R² 1.0000 converged true
}

func ExampleBliss() {
	// Viability (% of control); row 0 and column 0 are the single agents.
	m := pharm.Matrix{
		DosesA: []float64{0, 10e-9, 100e-9},
		DosesB: []float64{0, 1e-9, 10e-9},
		Response: [][]float64{
			{100, 80, 60},
			{90, 60, 40},
			{50, 30, 10},
		},
		Direction: pharm.Decreasing,
	}
	s, err := pharm.Bliss(m)
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range s.Excess {
		fmt.Printf("%.2f\n", row)
	}
	fmt.Printf("mean %.2f\n", s.Mean)
	// Output:
	// [0.00 0.00 0.00]
	// [0.00 0.12 0.14]
	// [0.00 0.10 0.20]
	// mean 0.14
}

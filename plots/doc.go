// Package plots draws experiment results as SVG figures for reports, using
// gonum.org/v1/plot (v0.17) and its vgsvg back end:
//
//   - [TimeCourses]: one line per arm (the mean) with its 95% confidence band
//     shaded in the same colour, e.g. P(Proliferation) over time per arm;
//   - [DoseResponse]: points (with optional 95% error bars) on a log10 dose
//     axis labelled in molar units (1 nM, 10 nM, ..., 1 µM), an optional
//     fitted curve and a dashed line at the IC50;
//   - [Heatmap]: a rows × cols matrix (a readout over a two-drug dose matrix,
//     or synergy excess) with each cell's value written in it and a colour
//     scale: Moreland's smooth blue–red diverging map centred at 0 for
//     synergy, a sequential luminance map (ColorBrewer YlGnBu, darker = more)
//     otherwise.
//
// Every figure is 6 × 4 inches, in Liberation Sans, with the title (and an
// optional note) above the plot and the legend or colour scale to the right
// of the data area, so that neither ever covers data. Colours of series follow
// the Okabe–Ito colour-blind-safe palette, in input order.
//
// Invariants:
//   - Input is validated before anything is drawn: empty data, lengths that
//     disagree, NaN or ±Inf values and negative doses give an error that
//     wraps one of the sentinel errors ([ErrEmpty], [ErrLength],
//     [ErrNotFinite], [ErrDomain]) and names the offending series and index.
//     The functions never panic on bad data (a caller's Fit function that
//     panics is the caller's bug).
//   - The output for the same input is the same bytes.
//   - When every plotted value (means and bounds, or points and error bars)
//     lies in [0, 1] the y axis runs from 0 to 1, so probabilities from
//     different figures compare at a glance; likewise a sequential heatmap of
//     values in [0, 1] uses the fixed scale 0–1.
//   - Single points and all-equal data are drawn (a point with its error bar;
//     an axis widened around the value) rather than refused.
package plots

package babynames.loadgen;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A self-contained HTML page with an SVG plot of latency over time (no scripts, no libraries). */
final class Plot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 50;

    private Plot() {}

    static String html(String title, List<Map<String, Double>> seconds, Map<String, Double> figures) {
        double top = 1;
        for (Map<String, Double> second : seconds) {
            top = Math.max(top, second.getOrDefault("p99Ms", 0.0));
            top = Math.max(top, second.getOrDefault("freshnessP99Ms", 0.0));
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>",
                WIDTH,
                HEIGHT));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#999'/><line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#999'/>",
                MARGIN,
                HEIGHT - MARGIN,
                WIDTH - 10,
                HEIGHT - MARGIN,
                MARGIN,
                10,
                MARGIN,
                HEIGHT - MARGIN));
        svg.append(String.format(Locale.ROOT, "<text x='5' y='20'>%.0f ms</text>", top));
        svg.append(String.format(Locale.ROOT, "<text x='5' y='%d'>0</text>", HEIGHT - MARGIN));
        svg.append(String.format(
                Locale.ROOT, "<text x='%d' y='%d'>seconds (%d)</text>", WIDTH / 2, HEIGHT - 15, seconds.size()));
        line(svg, seconds, "p50Ms", "#1a7f37", top);
        line(svg, seconds, "p99Ms", "#b3261e", top);
        line(svg, seconds, "freshnessP99Ms", "#1f5fbf", top);
        svg.append("</svg>");
        StringBuilder page = new StringBuilder("<!doctype html><html><head><meta charset='utf-8'><title>")
                .append(title)
                .append("</title></head><body style='font-family:sans-serif'><h1>")
                .append(title)
                .append(
                        "</h1><p><span style='color:#1a7f37'>HTTP p50</span>, <span style='color:#b3261e'>HTTP p99</span>,"
                                + " <span style='color:#1f5fbf'>freshness p99</span> (POST sent to SSE event received), per second.</p>")
                .append(svg)
                .append("<table>");
        figures.forEach((name, value) -> page.append(
                String.format(Locale.ROOT, "<tr><td>%s</td><td style='text-align:right'>%.1f</td></tr>", name, value)));
        return page.append("</table></body></html>\n").toString();
    }

    private static void line(
            StringBuilder svg, List<Map<String, Double>> seconds, String series, String colour, double top) {
        StringBuilder points = new StringBuilder();
        double step = (WIDTH - MARGIN - 10) / (double) Math.max(1, seconds.size() - 1);
        for (int i = 0; i < seconds.size(); i++) {
            Double value = seconds.get(i).get(series);
            if (value != null) {
                double x = MARGIN + i * step;
                double y = HEIGHT - MARGIN - (HEIGHT - MARGIN - 10) * value / top;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
        }
        svg.append("<polyline fill='none' stroke='")
                .append(colour)
                .append("' stroke-width='2' points='")
                .append(points.toString().strip())
                .append("'/>");
    }
}

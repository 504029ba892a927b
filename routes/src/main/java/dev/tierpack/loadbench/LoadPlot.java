package dev.tierpack.loadbench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws a load report's runs as a PNG (Java2D, headless): objects/s per core and peak RSS against the object count
 * (log scale), one panel each, every point labelled with its value.
 */
public final class LoadPlot {
    private static final int W = 1000;
    private static final int H = 420;
    private static final int PANEL_W = 460;
    private static final int TOP = 60;
    private static final int PLOT_H = 280;

    private LoadPlot() {}

    /** {@code LoadPlot REPORT.json OUT.png}: plots a report written by {@code bench ingest --report-json}. */
    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: LoadPlot REPORT.json OUT.png");
        }
        write(LoadChild.JSON.readValue(Path.of(args[0]).toFile(), Map.class), Path.of(args[1]));
    }

    /** One point: object count, objects/s per core, peak RSS in MiB. */
    public record Point(long objects, double perCore, double rssMiB) {}

    /** The points of a report's runs of its scenario (the migration runs of a verify report are left out). */
    @SuppressWarnings("unchecked")
    public static List<Point> points(Map<String, Object> report) {
        String scenario = (String) report.get("scenario");
        return ((List<Map<String, Object>>) report.get("runs")).stream()
                .filter(r -> scenario.equals(r.get("scenario")))
                .map(r -> new Point(((Number) r.get("objects")).longValue(), ((Number) r.get("objectsPerCoreSecond")).doubleValue(),
                        ((Number) r.get("peakRssBytes")).doubleValue() / 1048576.0))
                .sorted(Comparator.comparingLong(Point::objects)).toList();
    }

    public static void write(Map<String, Object> report, Path png) throws IOException {
        List<Point> pts = points(report);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(String.format("tierpack bench ingest --scenario %s: each run a fresh JVM (-Xmx%s), %s cores, load avg %.1f-%.1f (shared machine)",
                report.get("scenario"), report.get("heap"), report.get("cores"), ((Number) report.get("loadAverageBefore")).doubleValue(),
                ((Number) report.get("loadAverageAfter")).doubleValue()), 20, 25);
        panel(g, 60, pts, Point::perCore, "objects/s per core (CPU time of the process)", new Color(0x1f77b4), "%.0f");
        panel(g, 560, pts, Point::rssMiB, "peak RSS, MiB (VmHWM)", new Color(0xd62728), "%.0f");
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int x0, List<Point> pts, ToDoubleFunction<Point> y, String title, Color c,
            String fmt) {
        int bottom = TOP + PLOT_H;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.BLACK);
        g.drawString(title, x0, TOP - 12);
        g.drawLine(x0, TOP, x0, bottom);
        g.drawLine(x0, bottom, x0 + PANEL_W - 40, bottom);
        double maxY = pts.stream().mapToDouble(y).max().orElse(1) * 1.15;
        double minX = Math.log10(pts.stream().mapToLong(Point::objects).min().orElse(1)) - 0.3;
        double maxX = Math.log10(pts.stream().mapToLong(Point::objects).max().orElse(10)) + 0.3;
        int plotW = PANEL_W - 60;
        g.setColor(Color.GRAY);
        for (int i = 0; i <= 4; i++) {
            int yy = bottom - i * PLOT_H / 4;
            g.drawString(String.format(fmt, maxY * i / 4), x0 - 55, yy + 4);
            g.setColor(new Color(0xe0e0e0));
            if (i > 0) {
                g.drawLine(x0 + 1, yy, x0 + PANEL_W - 40, yy);
            }
            g.setColor(Color.GRAY);
        }
        for (long dec = 1; dec <= 1_000_000_000L; dec *= 10) {
            double lx = Math.log10(dec);
            if (lx >= minX && lx <= maxX) {
                int xx = x0 + (int) ((lx - minX) / (maxX - minX) * plotW);
                g.drawLine(xx, bottom, xx, bottom + 5);
                g.drawString(dec >= 1_000_000 ? dec / 1_000_000 + "M" : dec >= 1000 ? dec / 1000 + "k" : Long.toString(dec), xx - 10, bottom + 20);
            }
        }
        g.drawString("objects (log scale)", x0 + plotW / 2 - 50, bottom + 40);
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (Point p : pts) {
            int xx = x0 + (int) ((Math.log10(p.objects()) - minX) / (maxX - minX) * plotW);
            int yy = bottom - (int) (y.applyAsDouble(p) / maxY * PLOT_H);
            if (px >= 0) {
                g.drawLine(px, py, xx, yy);
            }
            g.fillOval(xx - 4, yy - 4, 8, 8);
            g.drawString(String.format(fmt, y.applyAsDouble(p)), xx - 15, yy - 8);
            px = xx;
            py = yy;
        }
        g.setStroke(new BasicStroke(1f));
    }
}

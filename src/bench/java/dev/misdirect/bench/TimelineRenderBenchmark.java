package dev.misdirect.bench;

import dev.misdirect.core.timeline.ConnectionTimeline;
import dev.misdirect.core.timeline.TimelineEvent;
import dev.misdirect.ui.app.Workbench;
import dev.misdirect.ui.controls.TimelineChart;
import dev.misdirect.ui.controls.TimelineChartSkin;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Frame time of the connection timeline: the skin's draw of a 10,000-exchange, 500-connection run plus the software
 * pipeline rasterising the canvas (a snapshot forces it), against the same for a 100-exchange run, in the same JVM.
 * Runs JavaFX headless (Monocle, {@code prism.order=sw}).
 */
public final class TimelineRenderBenchmark implements Callable<String> {
    private static final int WARMUP = 30;
    private static final int FRAMES = 120;

    @Override
    public String call() throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false); // each measurement closes its window; keep the toolkit for the next

        ConnectionTimeline small = ConnectionTimeline.of(synthetic(5, 100));
        long t0 = System.nanoTime();
        ConnectionTimeline large = ConnectionTimeline.of(synthetic(500, 10_000));
        double buildMs = (System.nanoTime() - t0) / 1e6;

        double[] smallFit = measure(small, View.FIT);
        double[] largeFit = measure(large, View.FIT);
        double[] smallZoom = measure(small, View.ZOOMED);
        double[] largeZoom = measure(large, View.ZOOMED);
        Platform.exit();

        return String.format("""
                ## Timeline render (`TimelineRenderBenchmark`)

                Frame time of the connection timeline on a 1200×700 canvas, headless Monocle with `prism.order=sw`,
                %d frames after %d warm-up frames, each frame panned by one pixel. *draw* is `TimelineChartSkin.draw()`
                on the FX thread (its `TimelineLayout` for the viewport: culling, level of detail, labels, flags and retry
                arrows; then the canvas commands); *draw + raster* adds the software pipeline
                rasterising the canvas (forced with a snapshot into a reused image). Baseline: the same chart with
                100 exchanges over 5 connections, measured in the same run.

                | view | measure | baseline: 100 exchanges / 5 connections (median) | 10,000 exchanges / 500 connections (median, p90) | ratio of medians |
                |---|---|---|---|---|
                | whole run fitted | draw | %.2f ms | %.2f ms, %.2f ms | %.2f× |
                | whole run fitted | draw + raster | %.2f ms | %.2f ms, %.2f ms | %.2f× |
                | zoomed ×20, lane 250 | draw | %.2f ms | %.2f ms, %.2f ms | %.2f× |
                | zoomed ×20, lane 250 | draw + raster | %.2f ms | %.2f ms, %.2f ms | %.2f× |

                Laying out the 10,000-exchange timeline from its events (`ConnectionTimeline.of`) took %.0f ms once.
                The machine's load average during the run was %.1f on %d cores (other builds were running), which
                inflates the absolute times; the ratios compare runs under the same load.
                """, FRAMES, WARMUP,
                median(draw(smallFit)), median(draw(largeFit)), p90(draw(largeFit)), median(draw(largeFit)) / median(draw(smallFit)),
                median(full(smallFit)), median(full(largeFit)), p90(full(largeFit)), median(full(largeFit)) / median(full(smallFit)),
                median(draw(smallZoom)), median(draw(largeZoom)), p90(draw(largeZoom)), median(draw(largeZoom)) / median(draw(smallZoom)),
                median(full(smallZoom)), median(full(largeZoom)), p90(full(largeZoom)), median(full(largeZoom)) / median(full(smallZoom)),
                buildMs, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    private static double[] draw(double[] both) {
        return Arrays.copyOfRange(both, 0, FRAMES);
    }

    private static double[] full(double[] both) {
        return Arrays.copyOfRange(both, FRAMES, 2 * FRAMES);
    }

    private enum View { FIT, ZOOMED }

    private static double[] measure(ConnectionTimeline timeline, View view) throws Exception {
        CompletableFuture<double[]> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                TimelineChart chart = new TimelineChart();
                chart.setTimeline(timeline);
                StackPane root = new StackPane(chart);
                Scene scene = new Scene(root, 1200, 700);
                Workbench.STYLESHEETS.forEach(s -> scene.getStylesheets().add(Workbench.class.getResource(s).toExternalForm()));
                Stage stage = new Stage();
                stage.setScene(scene);
                stage.show();
                root.applyCss();
                root.layout();
                chart.fit();
                if (view == View.ZOOMED) {
                    chart.microsPerPixelProperty().set(chart.microsPerPixelProperty().get() / 20);
                    chart.originMicrosProperty().set(timeline.endMicros() / 2.0);
                    chart.scrollYProperty().set(Math.min(250, timeline.lanes().size() / 2) * 48.0); // lanes are 48 px
                }
                TimelineChartSkin skin = (TimelineChartSkin) chart.getSkin();
                Canvas canvas = (Canvas) chart.getChildrenUnmodifiable().get(0);
                double[] times = new double[2 * FRAMES];
                WritableImage image = new WritableImage((int) canvas.getWidth(), (int) canvas.getHeight());
                for (int i = 0; i < WARMUP + FRAMES; i++) {
                    // alternate a 1-pixel pan so every frame redraws something different
                    chart.originMicrosProperty().set(chart.originMicrosProperty().get()
                            + (i % 2 == 0 ? 1 : -1) * chart.microsPerPixelProperty().get());
                    long start = System.nanoTime();
                    skin.draw();
                    long drawn = System.nanoTime();
                    canvas.snapshot(null, image);
                    long end = System.nanoTime();
                    if (i >= WARMUP) {
                        times[i - WARMUP] = (drawn - start) / 1e6;
                        times[FRAMES + i - WARMUP] = (end - start) / 1e6;
                    }
                }
                stage.hide();
                result.complete(times);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.MINUTES);
    }

    /**
     * A synthetic run: {@code connections} lanes opened over the first second, {@code exchanges} spread over 60 s,
     * every 97th answered 421 on a coalesced lane and retried on the next connection.
     */
    static List<TimelineEvent> synthetic(int connections, int exchanges) {
        List<TimelineEvent> e = new ArrayList<>();
        long span = 60_000_000L;
        for (int c = 1; c <= connections; c++) {
            long open = (c - 1) * 1_000_000L / connections;
            e.add(new TimelineEvent.ConnectionOpened(open + 3_000, c, "127.0.0." + (10 + c % 200), 8443, 40_000 + c,
                    Optional.of("t" + c + ".tenants.lab.test"), "h2", Optional.of("TLSv1.3"), Optional.empty(),
                    open, open + 400, open + 3_000));
        }
        for (int x = 1; x <= exchanges; x++) {
            int conn = 1 + (x - 1) % connections;
            long start = 1_000_000L + (long) (x - 1) * (span - 2_000_000L) / exchanges;
            boolean misdirected = x % 97 == 0;
            String authority = misdirected ? "t" + (conn % connections + 1) + ".tenants.lab.test" : "t" + conn + ".tenants.lab.test";
            e.add(new TimelineEvent.RequestSent(start, x, conn, x - 1, 1, "GET", authority, "/item/" + x));
            e.add(new TimelineEvent.ResponseReceived(start + 2_500 + (x * 7919L) % 20_000, x, conn, misdirected ? 421 : 200, "h2"));
            if (misdirected) {
                e.add(new TimelineEvent.Misdirected(start + 2_500, x, conn, authority, Optional.of("t" + conn + ".tenants.lab.test"), true));
                e.add(new TimelineEvent.RetryScheduled(start + 2_600, x, exchanges + x, "421 on a coalesced connection"));
                int retryConn = conn % connections + 1;
                e.add(new TimelineEvent.RequestSent(start + 2_700, exchanges + x, retryConn, x - 1, 2, "GET", authority, "/item/" + x));
                e.add(new TimelineEvent.ResponseReceived(start + 6_000, exchanges + x, retryConn, 200, "h2"));
            }
        }
        e.add(new TimelineEvent.Note(span, TimelineEvent.UNKNOWN, "end"));
        return e;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double p90(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.floor(s.length * 0.9)];
    }
}

package io.logcast.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the CSV of a {@link LogCallBenchmark} run ({@code -rf csv -rff FILE}) and prints, per thread
 * count, every target's ns/op and B/op and the ratios against their goals.
 *
 * <pre>java -cp benchmarks/target/logcast-benchmarks.jar io.logcast.bench.JmhRatios jmh-logcall.csv</pre>
 */
public final class JmhRatios {

    private JmhRatios() {
    }

    public static void main(String[] args) throws Exception {
        // method -> target -> {score, error, alloc}
        Map<String, Map<String, double[]>> results = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            String benchmark = unquote(f[0]);
            int colon = benchmark.indexOf(':');
            String metric = colon < 0 ? "" : benchmark.substring(colon + 1);
            String name = colon < 0 ? benchmark : benchmark.substring(0, colon);
            String method = name.substring(name.lastIndexOf('.') + 1);
            String target = unquote(f[f.length - 1]);
            double[] row = results.computeIfAbsent(method, m -> new LinkedHashMap<>()).computeIfAbsent(target, t -> new double[3]);
            if (metric.isEmpty()) {
                row[0] = Double.parseDouble(f[4]);
                row[1] = Double.parseDouble(f[5]);
            } else if (metric.equals("gc.alloc.rate.norm")) {
                row[2] = Double.parseDouble(f[4]);
            }
        }
        for (Map.Entry<String, Map<String, double[]>> method : results.entrySet()) {
            Map<String, double[]> t = method.getValue();
            System.out.println(method.getKey() + ":");
            for (Map.Entry<String, double[]> target : t.entrySet()) {
                double[] v = target.getValue();
                System.out.printf("  %-7s %12.1f ± %-10.1f ns/op %10.1f B/op%n", target.getKey(), v[0], v[1], v[2]);
            }
            ratio(t, "L", "B1", 5, true);
            ratio(t, "L", "B1p", 1, true);
            ratio(t, "L", "B2", Double.NaN, true);
            ratio(t, "L", "S", 0.1, true);
            ratio(t, "L_down", "B1", 5, true);
            ratio(t, "L_down", "B1p", Double.NaN, true);
            ratio(t, "B1p", "B1", Double.NaN, true);
        }
    }

    private static void ratio(Map<String, double[]> t, String a, String b, double goal, boolean atMost) {
        if (!t.containsKey(a) || !t.containsKey(b)) {
            return;
        }
        double r = t.get(a)[0] / t.get(b)[0];
        String verdict = Double.isNaN(goal) ? "(no goal)" : String.format("goal <= %s: %s", goal, r <= goal ? "met" : "MISSED");
        System.out.printf("  %s/%s = %.3f  %s%n", a, b, r, verdict);
    }

    private static String unquote(String s) {
        return s.startsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}

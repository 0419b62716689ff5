package io.tracebook.bench;

import java.util.Arrays;
import java.util.List;

final class Medians {
    private Medians() {
    }

    static double of(List<Double> values) {
        if (values.isEmpty()) throw new IllegalArgumentException("no values to take the median of");
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

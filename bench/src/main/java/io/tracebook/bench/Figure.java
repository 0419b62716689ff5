package io.tracebook.bench;

/**
 * One row of the result table: a Tracebook figure, the reference measured in the same run, their
 * ratio, the target and whether it is met.
 */
public record Figure(String name, String value, String reference, String ratio, String target, Verdict verdict) {

    public enum Verdict { PASS, FAIL, ERROR }

    public static Figure error(String name, String target, Throwable cause) {
        String why = cause.getMessage() == null ? cause.toString() : cause.getMessage().lines().findFirst().orElse("");
        return new Figure(name, "error: " + why, "-", "-", target, Verdict.ERROR);
    }

    static Verdict verdict(boolean met) {
        return met ? Verdict.PASS : Verdict.FAIL;
    }

    static String rate(double eventsPerSecond) {
        return String.format("%.2f M ev/s", eventsPerSecond / 1e6);
    }

    static String millis(double seconds) {
        return String.format("%.1f ms", seconds * 1e3);
    }

    static String ratio(double ratio) {
        return String.format("%.2fx", ratio);
    }
}

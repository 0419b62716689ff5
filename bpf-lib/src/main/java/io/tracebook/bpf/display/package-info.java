/**
 * Redrawing something a few times a second where the user looks: a {@code LiveSurface} (the terminal by
 * default; the Jupyter kernel installs one that updates a notebook output in place) and {@code PolledView}, which
 * redraws what a supplier returns (a map read, a profile). A new front end implements {@code LiveSurface}.
 * User-facing.
 */
package io.tracebook.bpf.display;

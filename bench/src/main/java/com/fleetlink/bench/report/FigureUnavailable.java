package com.fleetlink.bench.report;

/** A result that lacks what a figure needs (a field missing, a phase that timed out); the row says why. */
final class FigureUnavailable extends RuntimeException {
    FigureUnavailable(String reason) {
        super(reason);
    }
}

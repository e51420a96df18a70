package com.fleetlink.ingestion.teltonika;

/**
 * IO elements held in parallel arrays, as {@link IoElements.Builder} collects them: any order of
 * widths, which the encoder groups when it writes them.
 */
final class BuiltIoElements extends IoElements {
    private final int[] ids;
    private final byte[] widths;
    private final long[] values;
    private final int fixedCount;
    private final int[] variableIds;
    private final byte[][] variableValues;
    private final int variableCount;

    BuiltIoElements(int[] ids, byte[] widths, long[] values, int fixedCount,
                    int[] variableIds, byte[][] variableValues, int variableCount) {
        this.ids = ids;
        this.widths = widths;
        this.values = values;
        this.fixedCount = fixedCount;
        this.variableIds = variableIds;
        this.variableValues = variableValues;
        this.variableCount = variableCount;
    }

    @Override
    public int fixedCount() {
        return fixedCount;
    }

    @Override
    public int id(int i) {
        checkFixed(i);
        return ids[i];
    }

    @Override
    public int width(int i) {
        checkFixed(i);
        return widths[i];
    }

    @Override
    public long value(int i) {
        checkFixed(i);
        return values[i];
    }

    @Override
    public int variableCount() {
        return variableCount;
    }

    @Override
    public int variableId(int i) {
        checkVariable(i);
        return variableIds[i];
    }

    @Override
    public byte[] variableValue(int i) {
        checkVariable(i);
        return variableValues[i].clone();
    }
}

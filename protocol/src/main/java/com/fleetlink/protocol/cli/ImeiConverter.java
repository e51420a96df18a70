package com.fleetlink.protocol.cli;

import com.fleetlink.protocol.local.LocalProtocol;
import picocli.CommandLine;

/** Reads an {@code --imei} flag: 15 ASCII digits, the only form the registry stores. */
public final class ImeiConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
        if (!LocalProtocol.isImei(value)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not an IMEI (15 digits)");
        }
        return value;
    }
}

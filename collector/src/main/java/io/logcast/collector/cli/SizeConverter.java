package io.logcast.collector.cli;

import ch.qos.logback.core.util.FileSize;

import picocli.CommandLine;

/** A size option ({@code 100MB}, {@code 512KB}, {@code 10GB}) as Logback reads it; the option is named in the error. */
final class SizeConverter implements CommandLine.ITypeConverter<FileSize> {

    @Override
    public FileSize convert(String value) {
        try {
            return FileSize.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (KB, MB, GB)");
        }
    }
}

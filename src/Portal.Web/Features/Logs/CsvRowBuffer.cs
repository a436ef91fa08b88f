using System.Buffers;
using System.Globalization;
using System.Text;

namespace Portal.Web.Features.Logs;

/// <summary>
/// Formats CSV fields straight into a reused UTF-8 buffer — numbers, ids and dates without an intermediate string,
/// text encoded once — so exporting a row allocates nothing beyond the row itself; the rows go out in blocks, so an
/// export of any size neither buffers in memory nor writes a row at a time.
/// </summary>
internal sealed class CsvRowBuffer
{
    /// <summary>Rows are written out in blocks of about this size: few, large writes to the response.</summary>
    public const int BlockBytes = 64 * 1024;

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private readonly ArrayBufferWriter<byte> _buffer = new(BlockBytes * 2);
    private bool _rowStarted;

    /// <summary>A row of text fields.</summary>
    public void Row(params ReadOnlySpan<string?> fields)
    {
        foreach (var field in fields)
        {
            Field(field);
        }

        EndRow();
    }

    public void Field<T>(T value, ReadOnlySpan<char> format = default) where T : IUtf8SpanFormattable
    {
        Separator();
        var span = _buffer.GetSpan(64);
        if (!value.TryFormat(span, out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"A {typeof(T).Name} did not fit 64 bytes.");
        }

        _buffer.Advance(written);
    }

    /// <summary>A value that may be missing: an empty field then.</summary>
    public void Field<T>(T? value, ReadOnlySpan<char> format = default) where T : struct, IUtf8SpanFormattable
    {
        if (value is { } present)
        {
            Field(present, format);
        }
        else
        {
            Field(null);
        }
    }

    public void Field(string? value)
    {
        Separator();
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        // A leading = + - @ would run as a formula when the file is opened in a spreadsheet.
        var defuse = value[0] is '=' or '+' or '-' or '@';
        var quote = value.AsSpan().IndexOfAny(NeedsQuotes) >= 0;
        if (quote) { Ascii('"'); }
        if (defuse) { Ascii('\''); }
        var rest = value.AsSpan();
        for (var at = rest.IndexOf('"'); quote && at >= 0; at = rest.IndexOf('"'))
        {
            Text(rest[..(at + 1)]);
            Ascii('"');
            rest = rest[(at + 1)..];
        }

        Text(rest);
        if (quote) { Ascii('"'); }
    }

    public void EndRow()
    {
        Ascii('\n');
        _rowStarted = false;
    }

    /// <summary>Writes the rows so far once they fill a block; after each row.</summary>
    public ValueTask WriteWhenFullAsync(Stream output, CancellationToken cancellationToken) =>
        _buffer.WrittenCount >= BlockBytes ? WriteAsync(output, cancellationToken) : ValueTask.CompletedTask;

    /// <summary>Writes the last rows and flushes the stream.</summary>
    public async Task CompleteAsync(Stream output, CancellationToken cancellationToken)
    {
        await WriteAsync(output, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private async ValueTask WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.ResetWrittenCount();
    }

    private void Separator()
    {
        if (_rowStarted)
        {
            Ascii(',');
        }

        _rowStarted = true;
    }

    private void Ascii(char c)
    {
        _buffer.GetSpan(1)[0] = (byte)c;
        _buffer.Advance(1);
    }

    private void Text(ReadOnlySpan<char> text)
    {
        var written = Encoding.UTF8.GetBytes(text, _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        _buffer.Advance(written);
    }
}

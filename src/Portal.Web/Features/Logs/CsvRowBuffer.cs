using System.Buffers;
using System.Globalization;
using System.Text;

namespace Portal.Web.Features.Logs;

/// <summary>
/// Formats CSV fields straight into a reused UTF-8 buffer — numbers, ids and dates without an intermediate string,
/// text encoded once — so exporting a row allocates nothing beyond the row itself.
/// </summary>
internal sealed class CsvRowBuffer(int capacity)
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private readonly ArrayBufferWriter<byte> _buffer = new(capacity);
    private bool _rowStarted;

    public int Length => _buffer.WrittenCount;

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

    public async ValueTask WriteToAsync(Stream output, CancellationToken cancellationToken)
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

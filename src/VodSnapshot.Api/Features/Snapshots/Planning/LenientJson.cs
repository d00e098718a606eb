using System.Text;
using System.Text.Json;

namespace VodSnapshot.Api.Features.Snapshots.Planning;

/// <summary>
/// Parses JSON that may use single quotes the way the vendor's own SpriteSnapshotConfig example does
/// (<c>{'CellWidth': 120, 'Color': 'tomato'}</c>, as in the vendor's own SpriteSnapshotConfig example). Text that is already valid JSON is parsed
/// as is and never rewritten, so apostrophes inside double-quoted strings are safe.
/// </summary>
public static class LenientJson
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="JsonException"/> when neither reading is valid JSON.</summary>
    public static JsonDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException) when (text.Contains('\'', StringComparison.Ordinal))
        {
            return JsonDocument.Parse(ToDoubleQuotes(text));
        }
    }

    /// <summary>
    /// Rewrites single-quoted strings as double-quoted ones. Double-quoted strings are copied untouched
    /// (escapes included); inside a single-quoted string a bare <c>"</c> is escaped and <c>\'</c> unescaped,
    /// since JSON knows neither rule. Unbalanced quotes are left for the JSON parser to report.
    /// </summary>
    public static string ToDoubleQuotes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(text.Length + 8);
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == '\0')
            {
                if (c is '"' or '\'')
                {
                    quote = c;
                    output.Append('"');
                }
                else
                {
                    output.Append(c);
                }

                continue;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[++i];
                if (quote == '\'' && next == '\'')
                {
                    output.Append('\'');
                }
                else
                {
                    output.Append(c).Append(next);
                }
            }
            else if (c == quote)
            {
                quote = '\0';
                output.Append('"');
            }
            else if (c == '"')
            {
                // Only reachable inside a single-quoted string: a literal double quote must be escaped in JSON.
                output.Append("\\\"");
            }
            else
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Catalog;

/// <summary>
/// The basic subset of SearchMedia's Match syntax (vod-lifecycle §5.3), pure: conditions joined by <c>and</c>,
/// <c>or</c> only inside parentheses, string literals in single quotes. <c>F = 'v'</c> is exact for VideoId, CateId and
/// StorageLocation and a case-insensitive substring for Title, Tags and Description; <c>F in ('a','b')</c> for the
/// multi-value fields; <c>F = ('lo','hi')</c>, <c>['lo','hi']</c> and mixed bounds are ranges on CreationTime,
/// ModificationTime, Size and Duration (either bound may be empty). Anything else is <c>ErrorMatchSyntax</c>.
/// </summary>
public static class MediaMatch
{
    private static readonly string[] ExactFields = ["VideoId", "CateId", "StorageLocation"];
    private static readonly string[] FuzzyFields = ["Title", "Tags", "Description"];
    private static readonly string[] InFields = ["VideoId", "AppId", "StorageLocation", "Title", "Tags", "Description", "Status", "MediaSource", "PreprocessStatus"];
    private static readonly string[] RangeFields = ["CreationTime", "ModificationTime", "Size", "Duration"];

    public static Func<Video, bool> Parse(string match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var parser = new Parser(Tokenize(match));
        var conditions = new List<Func<Video, bool>> { parser.Condition(allowGroup: true) };
        while (parser.TryWord("and"))
        {
            conditions.Add(parser.Condition(allowGroup: true));
        }

        parser.End();
        return video => conditions.All(c => c(video));
    }

    private static RpcException Syntax(string part) =>
        new(HttpStatusCode.BadRequest, "ErrorMatchSyntax", $"The parameter Match.{part} has an error syntax, please check it.");

    private enum Kind
    {
        Word,
        Text,
        Symbol,
    }

    private sealed record Token(Kind Kind, string Value);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var value = new StringBuilder();
                for (i++; ; i++)
                {
                    if (i >= text.Length)
                    {
                        throw Syntax("literal");
                    }

                    if (text[i] == '\'')
                    {
                        i++;
                        break;
                    }

                    value.Append(text[i]);
                }

                tokens.Add(new Token(Kind.Text, value.ToString()));
            }
            else if ("=()[],".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString()));
                i++;
            }
            else if (char.IsLetterOrDigit(c) || c is '.' or '-' or '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '-' or '_'))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Word, text[start..i]));
            }
            else
            {
                throw Syntax(c.ToString());
            }
        }

        return tokens;
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _at;

        public Func<Video, bool> Condition(bool allowGroup)
        {
            if (allowGroup && TrySymbol("("))
            {
                var alternatives = new List<Func<Video, bool>> { Condition(allowGroup: false) };
                while (TryWord("or"))
                {
                    alternatives.Add(Condition(allowGroup: false));
                }

                Expect(")");
                return video => alternatives.Any(a => a(video));
            }

            var field = Next(Kind.Word, "field").Value;
            if (TryWord("in"))
            {
                return InFields.Contains(field, StringComparer.Ordinal) ? In(field, ValueList()) : throw Syntax(field);
            }

            Expect("=");
            if (Peek is { Kind: Kind.Symbol, Value: "(" or "[" })
            {
                return RangeFields.Contains(field, StringComparer.Ordinal) ? Range(field) : throw Syntax(field);
            }

            var value = Peek is { Kind: Kind.Word } && field == "CateId" ? Next(Kind.Word, field).Value : Next(Kind.Text, field).Value;
            return ExactFields.Contains(field, StringComparer.Ordinal) ? video => string.Equals(Text(video, field), value, StringComparison.Ordinal)
                : FuzzyFields.Contains(field, StringComparer.Ordinal) ? video => Text(video, field)?.Contains(value, StringComparison.OrdinalIgnoreCase) == true
                : throw Syntax(field);
        }

        public bool TryWord(string word)
        {
            if (Peek is { Kind: Kind.Word } token && string.Equals(token.Value, word, StringComparison.OrdinalIgnoreCase))
            {
                _at++;
                return true;
            }

            return false;
        }

        public void End()
        {
            if (Peek is { } extra)
            {
                throw Syntax(extra.Value);
            }
        }

        private Token? Peek => _at < tokens.Count ? tokens[_at] : null;

        private List<string> ValueList()
        {
            Expect("(");
            var values = new List<string> { Next(Kind.Text, "in").Value };
            while (TrySymbol(","))
            {
                values.Add(Next(Kind.Text, "in").Value);
            }

            Expect(")");
            return values.Count <= 100 ? values : throw Syntax("in");
        }

        private static Func<Video, bool> In(string field, List<string> values) => FuzzyFields.Contains(field, StringComparer.Ordinal)
            ? video => values.Any(v => Text(video, field)?.Contains(v, StringComparison.OrdinalIgnoreCase) == true)
            : video => values.Contains(Text(video, field) ?? string.Empty, StringComparer.Ordinal);

        private Func<Video, bool> Range(string field)
        {
            var lowInclusive = Next(Kind.Symbol, field).Value == "[";
            var low = Bound(field, closing: false);
            Expect(",");
            var high = Bound(field, closing: true);
            var closing = Next(Kind.Symbol, field).Value;
            if (closing is not ("]" or ")"))
            {
                throw Syntax(field);
            }

            var highInclusive = closing == "]";
            return video =>
            {
                var value = Number(video, field);
                return (low is null || (lowInclusive ? value >= low : value > low)) && (high is null || (highInclusive ? value <= high : value < high));
            };
        }

        private double? Bound(string field, bool closing)
        {
            if (Peek is { Kind: Kind.Symbol, Value: "," or "]" or ")" } && (closing || Peek.Value == ","))
            {
                return null;
            }

            var text = Next(Kind.Text, field).Value;
            if (text.Length == 0)
            {
                return null;
            }

            if (field is "CreationTime" or "ModificationTime")
            {
                return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    ? time.UtcTicks
                    : throw Syntax(field);
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : throw Syntax(field);
        }

        private bool TrySymbol(string symbol)
        {
            if (Peek is { Kind: Kind.Symbol } token && token.Value == symbol)
            {
                _at++;
                return true;
            }

            return false;
        }

        private void Expect(string symbol)
        {
            if (!TrySymbol(symbol))
            {
                throw Syntax(Peek?.Value ?? symbol);
            }
        }

        private Token Next(Kind kind, string part)
        {
            if (Peek is { } token && token.Kind == kind)
            {
                _at++;
                return token;
            }

            throw Syntax(part);
        }

        private static string? Text(Video video, string field) => field switch
        {
            "VideoId" => video.Id,
            "CateId" => video.CateId?.ToString(CultureInfo.InvariantCulture),
            "StorageLocation" => VideoListing.StorageLocation,
            "AppId" => VideoListing.AppId,
            "Title" => video.Title,
            "Tags" => video.Tags,
            "Description" => video.Description,
            "Status" => video.Status,
            "MediaSource" => "general",
            _ => null,
        };

        private static double Number(Video video, string field) => field switch
        {
            "CreationTime" => video.CreationTime.UtcTicks,
            "ModificationTime" => video.ModificationTime.UtcTicks,
            "Size" => video.Probe.SizeBytes,
            _ => video.Probe.Duration.TotalSeconds,
        };
    }
}

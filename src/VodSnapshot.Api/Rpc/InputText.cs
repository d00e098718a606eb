using System.Globalization;
using System.Text.Json;

namespace VodSnapshot.Api.Rpc;

/// <summary>
/// The one rule for text a caller hands in, wherever it arrives (a parameter, a JSON string or field name inside
/// one): Unicode text without control characters. Tab, line feed and carriage return are allowed; other C0 and C1
/// controls, DEL, unpaired surrogates and the non-characters U+FFFE/U+FFFF are refused with InvalidParameter naming
/// the parameter (and the JSON field), before anything is stored. Pure.
/// </summary>
public static class InputText
{
    /// <summary>The index of the first character the rule refuses, or -1 when <paramref name="text"/> is fine.</summary>
    public static int FindRefused(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' || (char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>What is wrong with <paramref name="text"/> (a sentence), or null when the rule accepts it.</summary>
    public static string? Problem(string text)
    {
        var at = FindRefused(text);
        if (at < 0)
        {
            return null;
        }

        var code = string.Create(CultureInfo.InvariantCulture, $"U+{(int)text[at]:X4} at position {at}");
        return char.IsSurrogate(text[at])
            ? $"It must be valid Unicode text; it holds an unpaired surrogate ({code})."
            : $"It must not contain control characters; it holds {code}.";
    }

    /// <summary>Throws InvalidParameter naming <paramref name="name"/> when <paramref name="text"/> breaks the rule.</summary>
    public static string Check(string name, string text) =>
        Problem(text) is { } problem ? throw RpcErrors.InvalidParameter(name, problem) : text;

    /// <summary>
    /// Checks every string and field name of a parsed JSON parameter: each is valid Unicode (an escape such as
    /// <c>"\ud800"</c> is not) and follows the text rule, and no object names a field twice. Problems name the
    /// parameter and the field's path, e.g. <c>[0].Title</c>.
    /// </summary>
    /// <param name="root">The parsed parameter.</param>
    /// <param name="parameterName">The parameter, for messages.</param>
    /// <param name="refuseRepeatedFields">False for readers that report repeated fields themselves (case-insensitively).</param>
    public static void CheckJson(JsonElement root, string parameterName, bool refuseRepeatedFields = true) =>
        Walk(root, parameterName, string.Empty, refuseRepeatedFields);

    private static void Walk(JsonElement element, string parameterName, string path, bool refuseRepeated)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                CheckString(element, parameterName, path);
                return;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, parameterName, Child(path, string.Create(CultureInfo.InvariantCulture, $"[{index++}]")), refuseRepeated);
                }

                return;
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var name = Decode(() => property.Name, parameterName, path);
                    if (Problem(name) is { } problem)
                    {
                        throw RpcErrors.InvalidParameter(parameterName, $"A field name in {Label(path)} is not valid. {problem}");
                    }

                    var fieldPath = Child(path, "." + name);
                    if (!names.Add(name) && refuseRepeated)
                    {
                        throw RpcErrors.InvalidParameter(parameterName, $"The field {fieldPath} is given more than once.");
                    }

                    Walk(property.Value, parameterName, fieldPath, refuseRepeated);
                }

                return;
            default:
                return;
        }
    }

    private static void CheckString(JsonElement element, string parameterName, string path)
    {
        var text = Decode(element.GetString, parameterName, path)!;
        if (Problem(text) is { } problem)
        {
            throw RpcErrors.InvalidParameter(parameterName, $"{Label(path)}: {problem}");
        }
    }

    private static T Decode<T>(Func<T> read, string parameterName, string path)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json cannot turn an escaped unpaired surrogate into a .NET string.
            throw RpcErrors.InvalidParameter(parameterName, $"{Label(path)}: It must be valid Unicode text; it holds an unpaired surrogate escape such as \\ud800.");
        }
    }

    private static string Child(string path, string step) => path.Length == 0 ? step.TrimStart('.') : path + step;

    private static string Label(string path) => path.Length == 0 ? "The value" : path;
}

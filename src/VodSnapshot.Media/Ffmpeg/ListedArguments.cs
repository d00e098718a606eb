using System.Text;
using FFMpegCore;
using FFMpegCore.Arguments;

namespace VodSnapshot.Media.Ffmpeg;

/// <summary>
/// A run of ffmpeg arguments, exactly as the engine listed them, handed to FFMpegCore as one of its input or output
/// arguments. FFMpegCore joins its arguments into one command-line string, which .NET splits again when it starts the
/// process (no shell is involved); its own argument classes write <c>-i "path"</c> with the quotes typed in, which splits
/// a path holding a quote or ending in a backslash wrongly. <see cref="Quote"/> writes each argument so that .NET's split
/// gives it back unchanged, whatever it holds, and the engine's commands (several seeked inputs, a filter graph, several
/// mapped outputs with their own options) pass through whole, without a builder of ours for each of FFMpegCore's options.
/// </summary>
internal sealed class ListedArguments(IReadOnlyList<string> arguments) : IInputArgument, IOutputArgument
{
    public IReadOnlyList<string> Arguments { get; } = arguments;

    public string Text => string.Join(' ', Arguments.Select(Quote));

    /// <summary>
    /// Builds FFMpegCore's arguments for an ffmpeg argument list: each <c>-i</c> with the options before it becomes one
    /// input, and what follows the last input (the filter graph and the outputs) the output.
    /// </summary>
    public static FFMpegArgumentProcessor ToProcessor(IReadOnlyList<string> arguments)
    {
        FFMpegArguments? built = null;
        var group = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            group.Add(arguments[i]);
            if (arguments[i] == "-i" && i + 1 < arguments.Count)
            {
                group.Add(arguments[++i]);
                var input = new ListedArguments(group);
                built = built is null ? FFMpegArguments.FromInput(input) : built.AddInput(input);
                group = [];
            }
        }

        return (built ?? FFMpegArguments.FromInput(new ListedArguments([]))).OutputTo(new ListedArguments(group));
    }

    /// <summary>
    /// Writes one argument for .NET's command-line split (the Windows C runtime's rules, which .NET applies on every
    /// platform): plain when it holds no blank or quote, else in quotes, with a backslash before each quote and the
    /// backslashes that precede a quote (or the closing quote) doubled.
    /// </summary>
    public static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.IndexOfAny([' ', '\t', '"']) < 0)
        {
            return argument;
        }

        var text = new StringBuilder(argument.Length + 2).Append('"');
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            text.Append('\\', c == '"' ? (2 * backslashes) + 1 : backslashes).Append(c);
            backslashes = 0;
        }

        return text.Append('\\', 2 * backslashes).Append('"').ToString();
    }

    public void Pre(FFOptions options)
    {
    }

    public Task During(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public void Post()
    {
    }
}

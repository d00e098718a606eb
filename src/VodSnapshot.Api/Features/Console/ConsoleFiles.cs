using System.Collections.Frozen;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace VodSnapshot.Api.Features.Console;

/// <summary>
/// The console's static files (HTML, CSS, JavaScript modules), embedded in the service's assembly: no front-end build
/// and nothing to deploy beside the binary. Read once at start; a request can only name one of them.
/// </summary>
public sealed class ConsoleFiles
{
    private const string Namespace = "console";

    private readonly FrozenDictionary<string, ConsoleFile> _files;

    private ConsoleFiles(FrozenDictionary<string, ConsoleFile> files) => _files = files;

    public IReadOnlyCollection<string> Names => _files.Keys;

    public static ConsoleFiles Load()
    {
        var assembly = typeof(ConsoleFiles).Assembly;
        var provider = new EmbeddedFileProvider(assembly, Namespace);
        var types = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, ConsoleFile>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Namespace + ".", StringComparison.Ordinal)))
        {
            var name = resource[(Namespace.Length + 1)..];
            using var stream = provider.GetFileInfo(name).CreateReadStream();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var type = types.TryGetContentType(name, out var known) ? known : "application/octet-stream";
            files[name] = new ConsoleFile(copy.ToArray(), type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("javascript", StringComparison.Ordinal) ? type + "; charset=utf-8" : type);
        }

        if (!files.ContainsKey("index.html"))
        {
            throw new InvalidOperationException("The console's files are missing from the assembly (no index.html).");
        }

        return new ConsoleFiles(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public ConsoleFile? Find(string name) => _files.TryGetValue(name, out var file) ? file : null;
}

public sealed record ConsoleFile(byte[] Content, string ContentType);

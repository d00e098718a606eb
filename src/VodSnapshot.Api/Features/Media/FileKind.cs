using System.Runtime.InteropServices;

namespace VodSnapshot.Api.Features.Media;

/// <summary>What a path names, following symbolic links.</summary>
public enum FileKindResult
{
    Missing,
    Regular,
    Directory,

    /// <summary>A FIFO, socket, character or block device: opening or reading it can block for ever.</summary>
    Special,
}

/// <summary>
/// Tells a regular file from a FIFO, device or socket without opening it (opening a FIFO blocks until a writer
/// comes). .NET reports all of them as files, so this asks the kernel through statx, whose record is the same on
/// every Linux architecture. Where statx is not available (another OS), only missing and directories are told apart.
/// </summary>
public static class FileKind
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;

    public static FileKindResult Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var buffer = new byte[256];
                if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
                {
                    return FileKindResult.Missing;
                }

                return (BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask) switch
                {
                    RegularType => FileKindResult.Regular,
                    DirectoryType => FileKindResult.Directory,
                    _ => FileKindResult.Special,
                };
            }
            catch (EntryPointNotFoundException)
            {
                // A C library without statx: fall back to what .NET can tell.
            }
        }

        return Directory.Exists(path) ? FileKindResult.Directory : File.Exists(path) ? FileKindResult.Regular : FileKindResult.Missing;
    }

    [DllImport("libc", EntryPoint = "statx", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}

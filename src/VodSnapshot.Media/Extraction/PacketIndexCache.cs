namespace VodSnapshot.Media.Extraction;

/// <summary>
/// The packet indexes read lately, so that jobs on the same file and times (a repeated snapshot, a sprite beside its
/// snapshots, a burst on one video) run no ffprobe again. An index is only the file's packets in the planned windows, so
/// it is kept under the file's identity as the file system tells it (full path, length, last write time) and the
/// windows' <c>-read_intervals</c>: a file written again has a new last write time and is read again. Least recently used
/// entries go first, within a count and a total of packets that bound the memory (a packet is 16 bytes).
/// </summary>
internal sealed class PacketIndexCache(int maxEntries = 64, long maxPackets = 1_000_000)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Key, LinkedListNode<(Key Key, PacketIndex Index)>> _entries = [];
    private readonly LinkedList<(Key Key, PacketIndex Index)> _byUse = [];
    private long _packets;

    public readonly record struct Key(string Path, long Length, long LastWriteTicks, string Intervals)
    {
        /// <summary>The key of <paramref name="file"/> as it is now, or null when it cannot be read (then nothing is cached).</summary>
        public static Key? Of(FileInfo file, string? intervals)
        {
            ArgumentNullException.ThrowIfNull(file);
            try
            {
                file.Refresh();
                return file.Exists ? new(file.FullName, file.Length, file.LastWriteTimeUtc.Ticks, intervals ?? string.Empty) : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    public PacketIndex? Find(Key key)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                return null;
            }

            _byUse.Remove(node);
            _byUse.AddFirst(node);
            return node.Value.Index;
        }
    }

    public void Keep(Key key, PacketIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.Frames.Count > maxPackets)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.Remove(key, out var old))
            {
                _byUse.Remove(old);
                _packets -= old.Value.Index.Frames.Count;
            }

            _entries[key] = _byUse.AddFirst((key, index));
            _packets += index.Frames.Count;
            while (_entries.Count > maxEntries || _packets > maxPackets)
            {
                var last = _byUse.Last!;
                _byUse.RemoveLast();
                _entries.Remove(last.Value.Key);
                _packets -= last.Value.Index.Frames.Count;
            }
        }
    }
}

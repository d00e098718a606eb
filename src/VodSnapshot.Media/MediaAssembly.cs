namespace VodSnapshot.Media;

/// <summary>Marker for the media library's assembly.</summary>
public static class MediaAssembly;

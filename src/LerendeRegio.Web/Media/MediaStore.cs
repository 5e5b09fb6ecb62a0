using LerendeRegio.Web.Data;

namespace LerendeRegio.Web.Media;

/// <summary>
/// The files under <c>&lt;DataPath&gt;/media/</c>: <c>ab/abcdef…-640.webp</c> (the first two characters of the name
/// as a folder, so no folder grows huge). Work files go to <c>media/.tmp/</c> on the same disk and are moved into
/// place only when complete, so a reader never sees half a file and a refused upload leaves nothing behind.
/// Stored files are never overwritten: their names carry a content hash and browsers cache them for a year.
/// </summary>
public sealed class MediaStore(DataPaths paths)
{
    public string Root => paths.Combine("media");

    public string TempRoot => Path.Combine(Root, ".tmp");

    /// <summary>A new empty work folder for one upload; delete it with <see cref="DeleteWorkFolder"/>.</summary>
    public string NewWorkFolder() => Directory.CreateDirectory(Path.Combine(TempRoot, Guid.NewGuid().ToString("N"))).FullName;

    public static void DeleteWorkFolder(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }

    /// <summary>Where a stored file lives, or null when the name is not one of ours (nothing outside the store is reachable).</summary>
    public string? PathOf(string fileName)
    {
        if (!MediaUrls.IsStoredName(fileName)) return null;
        return Path.Combine(Root, fileName[..2], fileName);
    }

    /// <summary>
    /// Moves finished work files into place under their stored names. Returns the names this call created (a file
    /// that already exists came from an identical earlier upload and is kept). On failure the created files are removed.
    /// </summary>
    public IReadOnlyList<string> Commit(IEnumerable<(string WorkFile, string FileName)> files)
    {
        var created = new List<string>();
        try
        {
            foreach (var (workFile, fileName) in files)
            {
                var target = PathOf(fileName) ?? throw new InvalidOperationException($"'{fileName}' is not a stored media name.");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (File.Exists(target)) continue;
                try
                {
                    File.Move(workFile, target, overwrite: false);
                    created.Add(fileName);
                }
                catch (IOException) when (File.Exists(target))
                {
                    // The same upload arrived twice at once: the other one moved the identical file first.
                }
            }
            return created;
        }
        catch
        {
            Remove(created);
            throw;
        }
    }

    public void Remove(IEnumerable<string> fileNames)
    {
        foreach (var name in fileNames)
        {
            if (PathOf(name) is { } path) File.Delete(path);
        }
    }

    /// <summary>
    /// Removes work folders of uploads cut off by a stop of the site. Only old ones: nodes that share the media
    /// folder may be handling an upload right now.
    /// </summary>
    public void ClearWorkFiles(TimeSpan olderThan)
    {
        if (!Directory.Exists(TempRoot)) return;
        foreach (var folder in new DirectoryInfo(TempRoot).EnumerateDirectories())
        {
            if (DateTime.UtcNow - folder.LastWriteTimeUtc > olderThan) DeleteWorkFolder(folder.FullName);
        }
    }
}

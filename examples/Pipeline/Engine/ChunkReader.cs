using ActorInterp.Domains;
using ActorInterp.Examples.Pipeline.Counting;
using ActorInterp.Examples.Pipeline.Dispatch;
using ActorInterp.Examples.Pipeline.Input;
using Microsoft.Win32.SafeHandles;

namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>
/// The reader's work: reads the input (files, or the generated workload) into pooled chunks owned by the
/// reader (taken from the mode's <see cref="IChunkCourier"/>), cuts each chunk after its last line end (or, in a line longer than a chunk, after its last
/// separator), and hands it to the least busy worker. At most <see cref="PipelineOptions.MaxChunksInFlight"/>
/// chunks, all of <see cref="PipelineOptions.ChunkSize"/> bytes, are alive at once; the reader waits for a
/// credit before it allocates the next. A word that fills a whole chunk is longer than any worker could see
/// whole: the reader counts it itself, passing it through a <see cref="LongWordBuilder"/> piece by piece as it
/// reads, in the same chunk, so memory stays bounded by the chunks in flight whatever the word's length. Every
/// document ends with a newline inside the chunks (one is added where a file lacks it) so that words never
/// join across files. An input whose first block says it is binary (<see cref="TextCheck"/>) is skipped before
/// any of it is counted; standard input is read once, front to back. Runs as one flow of control: on the reader
/// domain's thread, or in plain mode on thread-pool threads one at a time (no domain then).
/// </summary>
internal sealed class ChunkReader
{
    private readonly Domain? _domain;
    private readonly PipelineOptions _options;
    private readonly int[] _outPerWorker;
    private readonly IChunkCourier _courier;
    private readonly CreditGate _credits;
    private readonly PipelineProgress _progress;
    private readonly Action<string> _warn;
    private ReaderChunk? _chunk;
    private int _pos;
    private byte[] _carry = new byte[256];
    // The first block of a streamed input, read ahead to decide whether it is binary, then counted first.
    private byte[]? _head;
    private int _headLength;
    private int _headUsed;
    private LongWordBuilder? _longWord;
    private readonly WordTable _longWords = new(16);

    /// <summary>A reader for <paramref name="workers"/> workers; <paramref name="domain"/> is null in plain mode.</summary>
    public ChunkReader(Domain? domain, PipelineOptions options, int workers, IChunkCourier courier,
        PipelineProgress progress, Action<string> warn)
    {
        _domain = domain;
        _options = options;
        _outPerWorker = new int[workers];
        _courier = courier;
        _credits = new CreditGate(options.EffectiveInFlight);
        _progress = progress;
        _warn = warn;
    }

    public long Bytes { get; private set; }

    public long Chunks { get; private set; }

    public long PayloadBytes { get; private set; }

    public int FilesRead { get; private set; }

    public List<SkippedFile> Skipped { get; } = [];

    /// <summary>The counts of the words longer than a chunk, for plain mode to merge once the reader is done.</summary>
    public WordTable LongWordTable => _longWords;

    /// <summary>Words longer than a chunk, which the reader counted itself (they are in no worker's table).</summary>
    public long LongWords { get; private set; }

    /// <summary>Bytes of those words: read, but in no chunk sent to a worker.</summary>
    public long LongWordBytes { get; private set; }

    /// <summary>Newlines added at the end of documents that lacked one: sent to workers, but not read.</summary>
    public long AddedNewlines { get; private set; }

    /// <summary>Reads <paramref name="listing"/> (its files, or its standard input), or the built-in workload when it is null.</summary>
    public async Task RunAsync(InputListing? listing)
    {
        _domain?.VerifyCurrentForPipeline();
        if (listing is null) await GenerateAsync();
        else if (listing.StandardInput is { } standardInput)
        {
            if (await StreamAsync(standardInput.Read, InputFiles.StandardInputPath)) FilesRead++;
        }
        else foreach (var file in listing.Files) await ReadFileAsync(file);
        if (_chunk is not null)
        {
            if (_pos > 0) Dispatch();
            else DropChunk();
        }
        await _credits.WhenAllBackAsync();
        _progress.SetInFlight(0);
        _longWord?.Dispose();
    }

    /// <summary>Writes the counts of the words longer than a chunk into a buffer of the reader and lends it to <paramref name="aggregator"/>.</summary>
    public PartialCounts ShareLongWords(Domain aggregator)
    {
        var domain = _domain ?? throw new InvalidOperationException("A plain-mode reader has no domain to lend from: take LongWordTable.");
        domain.VerifyCurrentForPipeline();
        return PartialCounts.Share(domain, _longWords, aggregator, LongWords, newlines: 0, bytes: 0, chunks: 0);
    }

    private async Task GenerateAsync()
    {
        var generator = new CorpusGenerator(_options.Seed, _options.Size);
        byte last = (byte)'\n';
        while (!generator.Done)
        {
            if (_chunk is null) await NewChunkAsync(_options.ChunkSize);
            var span = _chunk!.Span;
            var n = generator.Fill(span[_pos..]);
            if (n > 0)
            {
                _pos += n;
                last = span[_pos - 1];
                Count(n);
            }
            else if (_pos == 0)
            {
                throw new InvalidOperationException($"A generated token does not fit in a chunk of {span.Length} bytes.");
            }
            if (!generator.Done) Dispatch(); // the next token did not fit
        }
        FilesRead = 1;
        if (_options.Size > 0 && last != (byte)'\n') await AppendNewlineAsync();
    }

    private async Task ReadFileAsync(string path)
    {
        SafeFileHandle file;
        long length;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            length = RandomAccess.GetLength(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Skip(path, $"cannot be read: {ex.Message}");
            return;
        }
        using (file)
        {
            if (length < _options.ChunkSize && await TryReadSmallAsync(file, path, length)) return;
            long offset = 0;
            int ReadOn(Span<byte> into)
            {
                var n = RandomAccess.Read(file, into, offset);
                offset += n;
                return n;
            }
            if (await StreamAsync(ReadOn, path)) FilesRead++;
        }
    }

    // A file that fits in one chunk is read straight into it and checked there. False when it grew meanwhile.
    private async Task<bool> TryReadSmallAsync(SafeFileHandle file, string path, long length)
    {
        var need = (int)length + 1;
        if (_chunk is not null && _chunk.Length - _pos < need)
        {
            if (_pos > 0) Dispatch();
            else DropChunk();
        }
        if (_chunk is null) await NewChunkAsync(_options.ChunkSize);
        var region = _chunk!.Span.Slice(_pos, need);
        var read = 0;
        while (read < region.Length)
        {
            var n = RandomAccess.Read(file, region[read..], read);
            if (n == 0) break;
            read += n;
        }
        if (read > length) return false;
        var text = region[..read];
        if (TextCheck.IsBinary(text, out var reason))
        {
            Skip(path, $"is binary ({reason})");
            return true;
        }
        _pos += read;
        Count(read);
        if (read > 0 && text[^1] != (byte)'\n')
        {
            _chunk.Span[_pos++] = (byte)'\n';
            AddedNewlines++;
        }
        FilesRead++;
        return true;
    }

    // Reads the next bytes of an input, front to back, into the span given; 0 at its end.
    private delegate int ReadInto(Span<byte> into);

    // Streams one input through the chunks. False, with nothing counted, when its first block says it is binary.
    private async Task<bool> StreamAsync(ReadInto read, string name)
    {
        _head ??= new byte[TextCheck.FirstBlock];
        _headLength = 0;
        _headUsed = 0;
        while (_headLength < _head.Length)
        {
            var n = read(_head.AsSpan(_headLength));
            if (n == 0) break;
            _headLength += n;
        }
        if (TextCheck.IsBinary(_head.AsSpan(0, _headLength), out var reason))
        {
            Skip(name, $"is binary ({reason})");
            return false;
        }
        long offset = 0;
        byte last = (byte)'\n';
        while (true)
        {
            if (_chunk is null) await NewChunkAsync(_options.ChunkSize);
            if (_pos == _chunk!.Length)
            {
                await CutAsync();
                continue;
            }
            var span = _chunk.Span;
            var n = ReadNext(read, span[_pos..]);
            if (n == 0) break;
            offset += n;
            last = span[_pos + n - 1];
            Count(n);
            _pos += _longWord is { Active: true } ? ContinueLongWord(span.Slice(_pos, n)) : n;
        }
        if (_longWord is { Active: true }) EndLongWord(); // the end of the file ends the word
        if (offset > 0 && last != (byte)'\n') await AppendNewlineAsync();
        return true;
    }

    // The first block first (it was read ahead), then the rest of the input.
    private int ReadNext(ReadInto read, Span<byte> into)
    {
        if (_headUsed == _headLength) return read(into);
        var n = Math.Min(into.Length, _headLength - _headUsed);
        _head!.AsSpan(_headUsed, n).CopyTo(into);
        _headUsed += n;
        return n;
    }

    // Bytes just read while a word longer than a chunk is open: the word's rest goes to the builder, and what
    // follows the word (if anything) moves to where these bytes were read. Returns the bytes kept in the chunk.
    private int ContinueLongWord(Span<byte> fresh)
    {
        var end = fresh.IndexOfAnyExcept(AsciiWords.WordBytes);
        if (end < 0)
        {
            _longWord!.Append(fresh);
            LongWordBytes += fresh.Length;
            return 0;
        }
        _longWord!.Append(fresh[..end]);
        LongWordBytes += end;
        EndLongWord();
        fresh[end..].CopyTo(fresh); // overlapping, leftwards: CopyTo copies as memmove does
        return fresh.Length - end;
    }

    private void EndLongWord()
    {
        var key = _longWord!.Finish();
        _longWords.AddLowered(key, WordHash.Of(key), 1);
        LongWords++;
    }

    // The chunk is full and the document goes on: send all of it up to the last line end (or separator) and
    // carry the rest into the next chunk.
    private async Task CutAsync()
    {
        ReadOnlySpan<byte> data = _chunk!.Span[.._pos];
        var cut = data.LastIndexOf((byte)'\n') + 1;
        if (cut == 0) cut = data.LastIndexOfAnyExcept(AsciiWords.WordBytes) + 1;
        if (cut == 0)
        {
            // The chunk holds the start of one word and nothing else (a chunk only ever starts at a word's start
            // or a separator), so the word is longer than a chunk. The reader takes it over and reads on into the
            // same chunk: it never grows, and it keeps its credit.
            _longWord ??= new LongWordBuilder();
            _longWord.Append(data);
            LongWordBytes += data.Length;
            _pos = 0;
            return;
        }
        // The carried part is shorter than a chunk (the cut is past its start), so it fits in the next one.
        var carry = _pos - cut;
        if (_carry.Length < carry) _carry = new byte[Math.Min(_options.ChunkSize, Math.Max(carry, _carry.Length * 2))];
        data[cut..].CopyTo(_carry);
        _pos = cut;
        Dispatch();
        await NewChunkAsync(_options.ChunkSize);
        _carry.AsSpan(0, carry).CopyTo(_chunk!.Span);
        _pos = carry;
    }

    private async Task AppendNewlineAsync()
    {
        if (_chunk is not null && _pos == _chunk.Length) Dispatch();
        if (_chunk is null) await NewChunkAsync(_options.ChunkSize);
        _chunk!.Span[_pos++] = (byte)'\n';
        AddedNewlines++;
    }

    private async Task NewChunkAsync(int size)
    {
        await _credits.WaitAsync();
        _chunk = _courier.Allocate(size);
        _pos = 0;
        _progress.SetInFlight(_credits.Out);
    }

    private void DropChunk()
    {
        _chunk!.Dispose();
        _chunk = null;
        _pos = 0;
        _credits.Release();
        _progress.SetInFlight(_credits.Out);
    }

    private void Dispatch()
    {
        var chunk = _chunk!;
        var length = _pos;
        _chunk = null;
        _pos = 0;
        // In plain mode the counts go down on the workers' threads, hence the atomic operations.
        var w = 0;
        for (var i = 1; i < _outPerWorker.Length; i++)
            if (Volatile.Read(ref _outPerWorker[i]) < Volatile.Read(ref _outPerWorker[w])) w = i;
        Interlocked.Increment(ref _outPerWorker[w]);
        Chunks++;
        PayloadBytes += length;
        _progress.ChunkDispatched();
        _courier.Send(chunk, length, w, () =>
        {
            Interlocked.Decrement(ref _outPerWorker[w]);
            _credits.Release();
            _progress.SetInFlight(_credits.Out);
        });
    }

    private void Count(int n)
    {
        Bytes += n;
        _progress.AddBytes(n);
    }

    private void Skip(string path, string reason)
    {
        Skipped.Add(new SkippedFile(path, reason));
        _warn(path == InputFiles.StandardInputPath ? $"warning: skipped standard input: it {reason}" : $"warning: skipped '{path}': it {reason}");
    }
}

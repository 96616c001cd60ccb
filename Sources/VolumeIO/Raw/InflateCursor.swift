import CZlib
import Foundation
import Imaging

/// Reads slices out of one gzip or zlib stream (NRRD `encoding: gzip`, MetaImage
/// `CompressedData = True`).
///
/// A deflate stream has no index: slice `k` can only be reached by decompressing
/// everything before it. So the cursor decompresses forward, and on its way saves
/// the decoder's state (`inflateCopy`: the 32 kB window and the bit buffer) at the
/// start of every 16th slice. A later read of an earlier slice restarts from the
/// nearest saved state before it, so any slice costs at most 16 slices of
/// decompression once the stream has been passed; the saved states cost about
/// 45 kB each (3 MB for 1000 slices). The last few slices read are kept decoded,
/// because the stages of an inspection often read the same slice one after another.
///
/// One stream, one position: reads are serialised by a lock, so parallel readers
/// of a compressed volume wait for each other. Export uncompressed for speed.
final class InflateCursor: @unchecked Sendable {
    static let checkpointInterval = 16
    static let cachedSlices = 4
    private static let inputChunk = 1 << 18

    private struct Checkpoint {
        let stream: UnsafeMutablePointer<z_stream>
        /// File offset of the first compressed byte not yet consumed.
        let inputOffset: UInt64
        /// Decoded bytes produced before this state.
        let decoded: UInt64
    }

    private let layout: RawVolumeLayout
    private let streamStart: UInt64
    private let lock = NSLock()
    private let fd: Int32
    private let stream: UnsafeMutablePointer<z_stream>
    private var initialised = false
    private var ended = false
    private let input: UnsafeMutableRawPointer
    private let sliceBuffer: UnsafeMutableRawPointer
    private var inputOffset: UInt64 = 0
    private var decoded: UInt64 = 0
    private var checkpoints: [Int: Checkpoint] = [:]
    private var cache: [(index: Int, image: GrayImage)] = []

    init(layout: RawVolumeLayout, streamStart: UInt64) throws(VolumeIOError) {
        self.layout = layout
        self.streamStart = streamStart
        fd = try FileRange.openForReading(layout.dataPath)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: Self.inputChunk, alignment: 16)
        sliceBuffer = .allocate(byteCount: max(1, Int(layout.sliceBytes)), alignment: 16)
    }

    deinit {
        if initialised { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        for checkpoint in checkpoints.values { release(checkpoint.stream) }
        input.deallocate()
        sliceBuffer.deallocate()
        close(fd)
    }

    /// Slice `index` (checked by the caller to be in range) as `Float`.
    func slice(_ index: Int) throws(VolumeIOError) -> GrayImage {
        lock.lock()
        defer { lock.unlock() }
        if let hit = cache.firstIndex(where: { $0.index == index }) {
            let entry = cache.remove(at: hit)
            cache.insert(entry, at: 0)
            return entry.image
        }
        let sliceBytes = layout.sliceBytes
        let target = layout.decodedSkip + UInt64(index) * sliceBytes
        if !initialised || decoded > target {
            try restart(at: checkpoints.keys.filter { $0 <= index }.max())
        } else if let nearest = checkpoints.keys.filter({ $0 <= index }).max(),
                  checkpoints[nearest]!.decoded > decoded {
            try restart(at: nearest)
        }
        while decoded < target {
            saveCheckpointIfDue()
            let boundary = decoded < layout.decodedSkip ? layout.decodedSkip
                : layout.decodedSkip + ((decoded - layout.decodedSkip) / sliceBytes + 1) * sliceBytes
            try inflate(Int(min(boundary, target) - decoded), slice: index)
        }
        saveCheckpointIfDue()
        try inflate(Int(sliceBytes), slice: index)
        let count = layout.shape.width * layout.shape.height
        let pixels = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            RawSampleDecoder.decode(sliceBuffer, count: count, as: layout.elementType, byteOrder: layout.byteOrder,
                                    into: buffer.baseAddress!)
            initialized = count
        }
        if index == layout.shape.depth - 1 { try checkNothingFollows() }
        let image = GrayImage(width: layout.shape.width, height: layout.shape.height, pixels: pixels)
        cache.insert((index, image), at: 0)
        if cache.count > Self.cachedSlices { cache.removeLast() }
        return image
    }

    // MARK: Decoder state

    /// Back to the saved state of slice `checkpoint`, or to the start of the stream.
    private func restart(at checkpoint: Int?) throws(VolumeIOError) {
        if initialised { inflateEnd(stream); initialised = false }
        if let checkpoint, let saved = checkpoints[checkpoint] {
            guard inflateCopy(stream, saved.stream) == Z_OK else { throw zlibFailure("inflateCopy", slice: checkpoint) }
            inputOffset = saved.inputOffset
            decoded = saved.decoded
        } else {
            stream.pointee = z_stream()
            guard cellqa_inflate_init(stream) == Z_OK else { throw zlibFailure("inflateInit", slice: 0) }
            inputOffset = streamStart
            decoded = 0
        }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        initialised = true
        ended = false
    }

    /// At the start of every `checkpointInterval`-th slice not saved yet, a copy of the decoder.
    private func saveCheckpointIfDue() {
        guard decoded >= layout.decodedSkip, (decoded - layout.decodedSkip) % layout.sliceBytes == 0 else { return }
        let slice = Int((decoded - layout.decodedSkip) / layout.sliceBytes)
        guard slice % Self.checkpointInterval == 0, checkpoints[slice] == nil, !ended else { return }
        let copy = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        copy.initialize(to: z_stream())
        guard inflateCopy(copy, stream) == Z_OK else { copy.deinitialize(count: 1); copy.deallocate(); return }
        checkpoints[slice] = Checkpoint(stream: copy, inputOffset: inputOffset - UInt64(stream.pointee.avail_in),
                                        decoded: decoded)
    }

    private func release(_ saved: UnsafeMutablePointer<z_stream>) {
        inflateEnd(saved)
        saved.deinitialize(count: 1)
        saved.deallocate()
    }

    /// Decodes exactly `count` bytes into `sliceBuffer` (count ≤ slice size).
    private func inflate(_ count: Int, slice: Int) throws(VolumeIOError) {
        guard count > 0 else { return }
        stream.pointee.next_out = sliceBuffer.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(count)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0, try !refill() {
                let produced = decoded + UInt64(count) - UInt64(stream.pointee.avail_out)
                throw .truncated(path: layout.dataPath, page: slice,
                                 expectedBytes: layout.decodedSkip + layout.dataBytes, actualBytes: produced)
            }
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                // Concatenated gzip members (pigz, appended exports) continue the data.
                ended = true
                if stream.pointee.avail_out > 0 {
                    guard inflateReset(stream) == Z_OK else { throw zlibFailure("inflateReset", slice: slice) }
                    ended = false
                }
            } else if status != Z_OK && status != Z_BUF_ERROR {
                throw zlibFailure("inflate", slice: slice)
            }
        }
        decoded += UInt64(count)
    }

    /// The next chunk of compressed input; false at the end of the file.
    private func refill() throws(VolumeIOError) -> Bool {
        let count = try FileRange.read(fd, into: input, count: Self.inputChunk, at: inputOffset, path: layout.dataPath)
        guard count > 0 else { return false }
        inputOffset += UInt64(count)
        stream.pointee.next_in = input.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(count)
        return true
    }

    /// After the last slice, the stream must end: more decoded data means the
    /// header declares fewer voxels than were written.
    private func checkNothingFollows() throws(VolumeIOError) {
        var extra: UInt64 = 0
        let scratch = UnsafeMutablePointer<Bytef>.allocate(capacity: 1 << 16)
        defer { scratch.deallocate() }
        while !ended {
            stream.pointee.next_out = scratch
            stream.pointee.avail_out = 1 << 16
            if stream.pointee.avail_in == 0, try !refill() { break }
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            extra += UInt64((1 << 16) - Int(stream.pointee.avail_out))
            if status == Z_STREAM_END { ended = true } else if status != Z_OK && status != Z_BUF_ERROR { break }
        }
        // The decoder has moved past the last slice: the next read starts from a saved state.
        inflateEnd(stream)
        initialised = false
        if extra > 0 {
            let expected = layout.decodedSkip + layout.dataBytes
            throw .dataSizeMismatch(path: layout.dataPath, expectedBytes: expected, actualBytes: expected + extra,
                                    declared: layout.declaration + " (decompressed)")
        }
    }

    private func zlibFailure(_ call: String, slice: Int) -> VolumeIOError {
        let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error"
        return .corrupt(path: layout.dataPath, page: slice, detail: "\(call): \(message)")
    }
}

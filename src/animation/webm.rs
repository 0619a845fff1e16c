//! A WebM file around encoded VP8 frames (the browser's WebCodecs encoder makes the frames;
//! this writes the container): the EBML header, the segment's info and one video track, and
//! clusters of simple blocks. Everything is known when it is written, so every size is exact.

/// Element ids (Matroska / WebM).
mod id {
    pub const EBML: u32 = 0x1A45_DFA3;
    pub const EBML_VERSION: u32 = 0x4286;
    pub const EBML_READ_VERSION: u32 = 0x42F7;
    pub const EBML_MAX_ID_LENGTH: u32 = 0x42F2;
    pub const EBML_MAX_SIZE_LENGTH: u32 = 0x42F3;
    pub const DOC_TYPE: u32 = 0x4282;
    pub const DOC_TYPE_VERSION: u32 = 0x4287;
    pub const DOC_TYPE_READ_VERSION: u32 = 0x4285;
    pub const SEGMENT: u32 = 0x1853_8067;
    pub const INFO: u32 = 0x1549_A966;
    pub const TIMECODE_SCALE: u32 = 0x2A_D7B1;
    pub const DURATION: u32 = 0x4489;
    pub const MUXING_APP: u32 = 0x4D80;
    pub const WRITING_APP: u32 = 0x5741;
    pub const TRACKS: u32 = 0x1654_AE6B;
    pub const TRACK_ENTRY: u32 = 0xAE;
    pub const TRACK_NUMBER: u32 = 0xD7;
    pub const TRACK_UID: u32 = 0x73C5;
    pub const TRACK_TYPE: u32 = 0x83;
    pub const CODEC_ID: u32 = 0x86;
    pub const VIDEO: u32 = 0xE0;
    pub const PIXEL_WIDTH: u32 = 0xB0;
    pub const PIXEL_HEIGHT: u32 = 0xBA;
    pub const CLUSTER: u32 = 0x1F43_B675;
    pub const TIMECODE: u32 = 0xE7;
    pub const SIMPLE_BLOCK: u32 = 0xA3;
}

/// Longest time a block may sit after its cluster's start, in ms (its offset is an `i16`).
const MAX_CLUSTER_SPAN_MS: u64 = 30_000;

/// One encoded frame: its time in ms, whether it is a key frame, its bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct EncodedFrame {
    pub t_ms: u64,
    pub key: bool,
    pub data: Vec<u8>,
}

/// An element: its id, its size (8 bytes, the longest form, so it never needs working out
/// twice) and its payload.
fn element(id: u32, payload: &[u8]) -> Vec<u8> {
    let id_bytes = id.to_be_bytes();
    let skip = id_bytes.iter().take_while(|b| **b == 0).count();
    let mut out = id_bytes[skip..].to_vec();
    out.push(0x01);
    out.extend_from_slice(&(payload.len() as u64).to_be_bytes()[1..]);
    out.extend_from_slice(payload);
    out
}

/// An unsigned integer element, in as few bytes as it needs.
fn uint(id: u32, v: u64) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count().min(7);
    element(id, &bytes[skip..])
}

fn string(id: u32, s: &str) -> Vec<u8> {
    element(id, s.as_bytes())
}

/// A WebM file of `width` × `height` VP8 frames lasting `duration_ms`.
pub fn webm(width: u32, height: u32, frames: &[EncodedFrame], duration_ms: u64) -> Vec<u8> {
    let header = [
        uint(id::EBML_VERSION, 1),
        uint(id::EBML_READ_VERSION, 1),
        uint(id::EBML_MAX_ID_LENGTH, 4),
        uint(id::EBML_MAX_SIZE_LENGTH, 8),
        string(id::DOC_TYPE, "webm"),
        uint(id::DOC_TYPE_VERSION, 2),
        uint(id::DOC_TYPE_READ_VERSION, 2),
    ]
    .concat();
    let info = [
        uint(id::TIMECODE_SCALE, 1_000_000),
        element(id::DURATION, &(duration_ms as f64).to_be_bytes()),
        string(id::MUXING_APP, "Fanout"),
        string(id::WRITING_APP, "Fanout"),
    ]
    .concat();
    let video =
        [uint(id::PIXEL_WIDTH, u64::from(width)), uint(id::PIXEL_HEIGHT, u64::from(height))]
            .concat();
    let track = [
        uint(id::TRACK_NUMBER, 1),
        uint(id::TRACK_UID, 1),
        uint(id::TRACK_TYPE, 1),
        string(id::CODEC_ID, "V_VP8"),
        element(id::VIDEO, &video),
    ]
    .concat();
    let mut segment =
        [element(id::INFO, &info), element(id::TRACKS, &element(id::TRACK_ENTRY, &track))].concat();
    for cluster in clusters(frames) {
        segment.extend_from_slice(&cluster);
    }
    [element(id::EBML, &header), element(id::SEGMENT, &segment)].concat()
}

/// The frames in clusters: a new one at each key frame, or when a block would sit too far
/// from its cluster's start.
fn clusters(frames: &[EncodedFrame]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut current: Option<(u64, Vec<u8>)> = None;
    for f in frames {
        let fits = current.as_ref().is_some_and(|(start, _)| {
            !f.key && f.t_ms.saturating_sub(*start) < MAX_CLUSTER_SPAN_MS
        });
        if !fits {
            if let Some((start, blocks)) = current.take() {
                out.push(element(id::CLUSTER, &[uint(id::TIMECODE, start), blocks].concat()));
            }
            current = Some((f.t_ms, Vec::new()));
        }
        let (start, blocks) = current.as_mut().expect("a cluster is open");
        let offset = f.t_ms.saturating_sub(*start) as i16;
        let mut block = vec![0x81];
        block.extend_from_slice(&offset.to_be_bytes());
        block.push(if f.key { 0x80 } else { 0x00 });
        block.extend_from_slice(&f.data);
        blocks.extend_from_slice(&element(id::SIMPLE_BLOCK, &block));
    }
    if let Some((start, blocks)) = current {
        out.push(element(id::CLUSTER, &[uint(id::TIMECODE, start), blocks].concat()));
    }
    out
}

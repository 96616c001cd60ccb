import Foundation

/// The scikit-image reference's timings (`Benchmarks/reference/expected/timings.json`)
/// matched to the cellqa stages they compare with.
struct ReferenceTimings {
    struct Entry: Codable {
        var wall: Double?
        var cpu: Double?
        /// What the reference number measures.
        var what: String
    }

    let json: [String: Any]
    let provenance: [String: Any]

    init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        json = object
        provenance = object["provenance"] as? [String: Any] ?? [:]
    }

    private func value(_ section: String, _ key: String) -> Double? {
        (json[section] as? [String: Any])?[key] as? Double
    }

    /// A timing stored as `key` (wall) and `key_cpu` in `section`.
    private func timed(_ section: String, _ key: String, what: String) -> Entry {
        Entry(wall: value(section, key), cpu: value(section, key + "_cpu"), what: what)
    }

    /// The reference number for an example-data stage, nil when there is none.
    func entry(for stage: String) -> Entry? {
        switch stage {
        case "read":
            return Entry(wall: value("overhang_sections", "load_volume"), cpu: nil,
                         what: "tifffile load of cell_vol (100 slices)")
        case "quality", "quality_tilt":
            return timed("quality_tilt_ls_100_slices", "total", what: stage == "quality"
                ? "tilt only (read + LS ellipse per slice, 100 slices); cellqa does the whole gate (CNR, tilt, cupping, edge, streaks)"
                : "tilt: read + outer contour + LS ellipse per slice, 100 slices, line fit")
        case "can_slice":
            return timed("can_im075", "pipeline_one_ransac", what: "im075 can pipeline with one RANSAC fit")
        case "can_slice_20seeds":
            // The reference timed one RANSAC fit; 20 seeds = the LS-only pipeline + 20 fits.
            guard let ls = value("can_im075", "pipeline_ls_only"), let lsCPU = value("can_im075", "pipeline_ls_only_cpu"),
                  let fit = value("can_im075", "ransac_per_fit_mean"), let fitCPU = value("can_im075", "ransac_per_fit_mean_cpu")
            else { return nil }
            return Entry(wall: ls + 20 * fit, cpu: lsCPU + 20 * fitCPU,
                         what: "im075 pipeline + 20 RANSAC fits (derived: LS-only + 20 × one fit)")
        case "can_volume":
            return timed("can_volume_100_slices", "reference_pipeline_estimate_per_100_slice_volume",
                         what: "100-slice can volume, one RANSAC fit per slice (reference's estimate)")
        case "winding_slice":
            return timed("winding_im1", "slice_pipeline",
                         what: "im_1 as the notebooks run it: can contour, RANSAC centre, classical segmentation, unroll + fits")
        case "winding":
            return timed("winding_im1", "unroll_and_fit_mask1", what: "unroll + fit on mask_1")
        case "overhang":
            return timed("overhang_sections", "reference_full_rotation",
                         what: "notebook method: scipy rotate of the volume for 36 angles (sections only, no segmentation)")
        default:
            return nil
        }
    }
}

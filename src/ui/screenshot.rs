//! PNG output: `buildout --screenshot OUT.png` (draw a few frames, save the window, exit) and
//! the File ▸ Export PNG commands.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{ColorImage, Rect};

/// Frames to draw before the shot, so that panels and plots have settled their layout.
const SETTLE_FRAMES: u32 = 10;
/// Longest wait for background analysis (Monte Carlo) before the shot is taken anyway.
const MAX_BUSY_SECONDS: f64 = 300.0;

/// The outcome of a `--screenshot` run, read by [`super::run`] after the window closes.
pub type ShotResult = Arc<Mutex<Option<Result<(u32, u32), String>>>>;

/// A `--screenshot` run in progress.
pub struct ScreenshotJob {
    path: PathBuf,
    frames: u32,
    requested: bool,
    /// egui time of the first frame.
    started: Option<f64>,
    pub result: ShotResult,
}

impl ScreenshotJob {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            frames: 0,
            requested: false,
            started: None,
            result: Arc::new(Mutex::new(None)),
        }
    }

    /// Advances one frame; returns true once the PNG is written (or failed) and the window may
    /// close. While `busy` (the visible tab shows background results that are running or
    /// due), the frames wait, so that the shot shows them finished (for at most
    /// `MAX_BUSY_SECONDS`).
    pub fn step(&mut self, ctx: &egui::Context, busy: bool) -> bool {
        let now = ctx.input(|i| i.time);
        let started = *self.started.get_or_insert(now);
        if busy && !self.requested && now - started < MAX_BUSY_SECONDS {
            self.frames = 0;
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            return false;
        }
        self.frames += 1;
        if self.frames >= SETTLE_FRAMES && !self.requested {
            self.requested = true;
            let path = self.path.clone();
            let result = self.result.clone();
            let ppp = ctx.pixels_per_point();
            let repaint = ctx.clone();
            ctx.request_screenshot(move |img| {
                let r = save_png(&img, None, ppp, &path)
                    .map(|()| (img.size[0] as u32, img.size[1] as u32));
                if let Ok(mut slot) = result.lock() {
                    *slot = Some(r);
                }
                repaint.request_repaint();
            });
        }
        ctx.request_repaint();
        self.result.lock().map(|r| r.is_some()).unwrap_or(true)
    }
}

/// Writes `img` (optionally cropped to `crop`, in points) as PNG, atomically.
pub fn save_png(
    img: &ColorImage,
    crop: Option<Rect>,
    pixels_per_point: f32,
    path: &Path,
) -> Result<(), String> {
    let [w, h] = img.size;
    let (x0, y0, x1, y1) = match crop {
        Some(r) => {
            let px =
                |v: f32, max: usize| ((v * pixels_per_point).round().max(0.0) as usize).min(max);
            (
                px(r.min.x, w),
                px(r.min.y, h),
                px(r.max.x, w),
                px(r.max.y, h),
            )
        }
        None => (0, 0, w, h),
    };
    if x1 <= x0 || y1 <= y0 {
        return Err("the area to export is empty".to_owned());
    }
    let mut rgba = Vec::with_capacity((x1 - x0) * (y1 - y0) * 4);
    for y in y0..y1 {
        for p in &img.pixels[y * w + x0..y * w + x1] {
            rgba.extend_from_slice(&p.to_array());
        }
    }
    let buffer = image::RgbaImage::from_raw((x1 - x0) as u32, (y1 - y0) as u32, rgba)
        .ok_or_else(|| "the screenshot has the wrong size".to_owned())?;
    let mut png = std::io::Cursor::new(Vec::new());
    buffer
        .write_to(&mut png, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    // As every file Buildout writes: atomically, an overwritten file keeps its permissions,
    // a new one gets 0666 less the umask.
    crate::io::write_atomically(path, png.get_ref()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plot_export_is_cropped_to_the_plot() {
        // A 4×3 image at 2 pixels per point whose pixel (x, y) has red = x, green = y.
        let mut img = ColorImage::filled([4, 3], egui::Color32::BLACK);
        for y in 0..3 {
            for x in 0..4 {
                img.pixels[y * 4 + x] = egui::Color32::from_rgb(x as u8, y as u8, 0);
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plot.png");
        // The rect (0.5, 0.5)–(1.5, 1.5) in points is pixels (1, 1)–(3, 3).
        let crop = Rect::from_min_max(egui::pos2(0.5, 0.5), egui::pos2(1.5, 1.5));
        save_png(&img, Some(crop), 2.0, &path).unwrap();
        let png = image::open(&path).unwrap().into_rgba8();
        assert_eq!(png.dimensions(), (2, 2));
        assert_eq!(png.get_pixel(0, 0).0, [1, 1, 0, 255]);
        assert_eq!(png.get_pixel(1, 1).0, [2, 2, 0, 255]);
        // The whole window.
        save_png(&img, None, 2.0, &path).unwrap();
        assert_eq!(
            image::open(&path).unwrap().into_rgba8().dimensions(),
            (4, 3)
        );
        // An empty area is an error, and a missing folder too; neither leaves a file.
        let empty = Rect::from_min_max(egui::pos2(3.0, 3.0), egui::pos2(3.0, 3.0));
        assert!(save_png(&img, Some(empty), 1.0, &dir.path().join("e.png")).is_err());
        assert!(save_png(&img, None, 1.0, &dir.path().join("no/such/x.png")).is_err());
        // An overwritten PNG keeps its permissions; a new one is not private to its owner.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
            save_png(&img, None, 1.0, &path).unwrap();
            assert_eq!(mode(&path), 0o640);
            let new = dir.path().join("new.png");
            save_png(&img, None, 1.0, &new).unwrap();
            // A file created the ordinary way gets 0666 less the umask: the same mode.
            let ordinary = dir.path().join("ordinary");
            std::fs::write(&ordinary, b"x").unwrap();
            assert_eq!(mode(&new), mode(&ordinary));
        }
    }
}

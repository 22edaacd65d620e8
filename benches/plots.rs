//! Cost of one frame of each plot tab on the default scenario — building the plot items from
//! the outcome, laying out and tessellating, without a GPU: `cargo bench --bench plots`.

use std::hint::black_box;

use buildout::engine::simulate;
use buildout::ui::plots::{AnalysisView, PlotTab, PlotsState, plots_ui};
use criterion::{Criterion, criterion_group, criterion_main};

fn frames(c: &mut Criterion) {
    let scenario = buildout::io::default_scenario();
    let outcome = simulate(&scenario);
    let ctx = egui::Context::default();
    let mut state = PlotsState::default();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(960.0, 650.0));
    for tab in PlotTab::ALL {
        state.tab = tab;
        c.bench_function(&format!("plot frame {}", tab.slug()), |b| {
            b.iter(|| {
                let input = egui::RawInput {
                    screen_rect: Some(screen),
                    ..Default::default()
                };
                let mut out = ctx.run_ui(input, |ui| {
                    plots_ui(
                        ui,
                        &mut state,
                        &scenario,
                        &outcome,
                        false,
                        &AnalysisView::default(),
                        &mut Vec::new(),
                    );
                });
                out.textures_delta.clear();
                black_box(ctx.tessellate(out.shapes, 1.0))
            });
        });
    }
}

criterion_group!(benches, frames);
criterion_main!(benches);

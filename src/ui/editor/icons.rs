//! Small icons painted with shapes, so that they never depend on a font: the window ships only
//! egui's default text font, which has no arrows, warning sign or emoji.
//!
//! Icon buttons are named for assistive technology and tests (their name is not shown), and
//! explained by their hover text.

use egui::{Button, Color32, Painter, Rect, Response, Shape, Stroke, Ui, Vec2, pos2, vec2};

/// What an icon shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Up,
    Down,
    /// Two overlapping sheets.
    Copy,
    /// A cross.
    Remove,
    /// A plus.
    Add,
    /// A little line chart.
    Plot,
    /// Rows of a table.
    Table,
    /// A warning triangle with an exclamation mark.
    Warning,
    /// A triangle pointing right (closed) or down (open).
    Closed,
    Open,
}

/// Paints `icon` into `rect` with `color`.
pub fn paint_icon(painter: &Painter, rect: Rect, icon: Icon, color: Color32) {
    let r = rect.shrink(rect.width().min(rect.height()) * 0.22);
    let stroke = Stroke::new(1.5, color);
    let c = r.center();
    let (w, h) = (r.width(), r.height());
    match icon {
        Icon::Up | Icon::Down | Icon::Closed | Icon::Open => {
            let pts = match icon {
                Icon::Up => vec![pos2(c.x, r.top()), r.right_bottom(), r.left_bottom()],
                Icon::Down => vec![r.left_top(), r.right_top(), pos2(c.x, r.bottom())],
                Icon::Closed => vec![
                    pos2(r.left() + w * 0.15, r.top()),
                    pos2(r.right() - w * 0.05, c.y),
                    pos2(r.left() + w * 0.15, r.bottom()),
                ],
                _ => vec![
                    pos2(r.left(), r.top() + h * 0.15),
                    pos2(r.right(), r.top() + h * 0.15),
                    pos2(c.x, r.bottom() - h * 0.05),
                ],
            };
            painter.add(Shape::convex_polygon(pts, color, Stroke::NONE));
        }
        Icon::Copy => {
            // The back sheet shows only where the front one does not cover it.
            let (x0, y0) = (r.left(), r.top());
            let (x1, y1) = (x0 + w * 0.7, y0 + h * 0.7);
            let (fx, fy) = (x0 + w * 0.3, y0 + h * 0.3);
            painter.add(Shape::line(
                vec![
                    pos2(x1, fy),
                    pos2(x1, y0),
                    pos2(x0, y0),
                    pos2(x0, y1),
                    pos2(fx, y1),
                ],
                stroke,
            ));
            let front = Rect::from_min_max(pos2(fx, fy), r.max);
            painter.rect_stroke(front, 1.0, stroke, egui::StrokeKind::Middle);
        }
        Icon::Remove => {
            painter.line_segment([r.left_top(), r.right_bottom()], stroke);
            painter.line_segment([r.right_top(), r.left_bottom()], stroke);
        }
        Icon::Add => {
            painter.line_segment([pos2(c.x, r.top()), pos2(c.x, r.bottom())], stroke);
            painter.line_segment([pos2(r.left(), c.y), pos2(r.right(), c.y)], stroke);
        }
        Icon::Plot => {
            painter.line_segment([r.left_top(), r.left_bottom()], stroke);
            painter.line_segment([r.left_bottom(), r.right_bottom()], stroke);
            painter.add(Shape::line(
                vec![
                    pos2(r.left() + w * 0.1, r.bottom() - h * 0.2),
                    pos2(r.left() + w * 0.45, r.bottom() - h * 0.55),
                    pos2(r.left() + w * 0.65, r.bottom() - h * 0.4),
                    pos2(r.right(), r.top() + h * 0.05),
                ],
                stroke,
            ));
        }
        Icon::Table => {
            for k in 0..4 {
                let y = r.top() + h * k as f32 / 3.0;
                painter.line_segment([pos2(r.left(), y), pos2(r.right(), y)], stroke);
            }
            painter.line_segment([pos2(c.x, r.top()), pos2(c.x, r.bottom())], stroke);
        }
        Icon::Warning => {
            let r = rect.shrink(1.0);
            let pts = vec![pos2(c.x, r.top()), r.right_bottom(), r.left_bottom()];
            painter.add(Shape::convex_polygon(pts, color, Stroke::NONE));
            let ink = if color.intensity() > 0.6 {
                Color32::BLACK
            } else {
                Color32::WHITE
            };
            let ex = Stroke::new(1.5, ink);
            let top = pos2(c.x, r.top() + r.height() * 0.35);
            painter.line_segment([top, pos2(c.x, r.bottom() - r.height() * 0.32)], ex);
            painter.circle_filled(pos2(c.x, r.bottom() - r.height() * 0.15), 0.9, ink);
        }
    }
}

fn icon_size(ui: &Ui) -> Vec2 {
    let h = ui.spacing().interact_size.y;
    vec2(h + 2.0, h)
}

/// A small button showing `icon`, named `name`, explained by `hint`; returns whether it was
/// clicked.
pub fn icon_button(ui: &mut Ui, enabled: bool, icon: Icon, name: &str, hint: &str) -> bool {
    let r = ui
        .add_enabled(enabled, Button::new("").min_size(icon_size(ui)))
        .accessible_name(name);
    let color = if enabled {
        ui.style().interact(&r).fg_stroke.color
    } else {
        ui.visuals().weak_text_color()
    };
    paint_icon(ui.painter(), r.rect, icon, color);
    r.on_hover_text(hint).on_disabled_hover_text(hint).clicked()
}

/// A small toggle showing `icon`, named `name`; returns its response (changed when toggled).
pub fn icon_toggle(ui: &mut Ui, on: &mut bool, icon: Icon, name: &str, hint: &str) -> Response {
    let mut r = ui
        .add(Button::selectable(*on, "").min_size(icon_size(ui)))
        .accessible_name(name);
    if r.clicked() {
        *on = !*on;
        r.mark_changed();
    }
    let color = ui.style().interact_selectable(&r, *on).fg_stroke.color;
    paint_icon(ui.painter(), r.rect, icon, color);
    r.on_hover_text(hint)
}

/// A warning triangle in the error colour, the size of a line of text.
pub fn warning_icon(ui: &mut Ui) -> Response {
    let h = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, r) = ui.allocate_exact_size(vec2(h, h), egui::Sense::hover());
    paint_icon(
        ui.painter(),
        rect,
        Icon::Warning,
        ui.visuals().error_fg_color,
    );
    r
}

/// An open/closed triangle the size of a line of text.
pub fn disclosure_icon(ui: &mut Ui, open: bool) {
    let h = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, _) = ui.allocate_exact_size(vec2(h * 0.8, h), egui::Sense::hover());
    let icon = if open { Icon::Open } else { Icon::Closed };
    let rect = Rect::from_center_size(rect.center(), Vec2::splat(h * 0.9));
    paint_icon(ui.painter(), rect, icon, ui.visuals().text_color());
}

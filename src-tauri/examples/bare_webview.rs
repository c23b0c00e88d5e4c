//! The floor under the app's memory: a bare WebKitGTK window (the webview Tauri uses on Linux)
//! of the app's size, showing one static page and nothing else. `scripts/bench-app` starts it
//! under the same display as the app and sums its processes the same way.
//!
//! It logs "the window is up" on standard error once the page has loaded, as the app does.

#[cfg(target_os = "linux")]
fn main() {
    use gtk::prelude::*;
    use webkit2gtk::{LoadEvent, WebViewExt};

    if let Err(e) = gtk::init() {
        eprintln!("no display to open a window on: {e}");
        std::process::exit(1);
    }
    let window = gtk::Window::new(gtk::WindowType::Toplevel);
    window.set_title("floor");
    window.set_default_size(1280, 800);
    let view = webkit2gtk::WebView::new();
    view.connect_load_changed(|_, event| {
        if event == LoadEvent::Finished {
            eprintln!("the window is up");
        }
    });
    view.load_html(
        "<!doctype html><meta charset=utf-8><title>floor</title>\
         <body style='font-family:sans-serif'><h1>Campaigns</h1><p>One static page.</p></body>",
        None,
    );
    window.add(&view);
    window.connect_destroy(|_| gtk::main_quit());
    window.show_all();
    gtk::main();
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("the bare webview floor is measured on Linux only");
}

#!/bin/sh
# Remove a Chancery installed by install.sh. Your articles, timeline and notes are kept.
set -eu

data_home=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir=$HOME/.local/opt/chancery
bin_link=$HOME/.local/bin/chancery

rm -f "$data_home/applications/chancery.desktop"
rm -f "$data_home"/icons/hicolor/*/apps/chancery.png "$data_home"/icons/hicolor/*/apps/chancery.svg
if [ -d "$data_home/icons/hicolor" ]; then
    touch "$data_home/icons/hicolor"
fi
# Only our own link: a `chancery` that something else put there stays.
if [ -L "$bin_link" ] && [ "$(readlink -- "$bin_link")" = "$app_dir/Chancery" ]; then
    rm -f "$bin_link"
fi
rm -rf "$app_dir"

echo "Chancery is uninstalled. Your data stays in $data_home/Chancery; delete that folder to"
echo "remove it too."

#!/bin/sh
# Install Chancery for the current user, no root needed: the app in ~/.local/opt/chancery,
# a launcher entry and icons under ~/.local/share (or $XDG_DATA_HOME), and a `chancery`
# command in ~/.local/bin. Run it again to upgrade; uninstall.sh takes it all away.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir=$HOME/.local/opt/chancery
bin_dir=$HOME/.local/bin
apps_dir=$data_home/applications
icons_dir=$data_home/icons/hicolor

if [ ! -x "$here/Chancery/Chancery" ]; then
    echo "install.sh: $here/Chancery/Chancery is missing: run me from the unpacked archive" >&2
    exit 1
fi

# Copy beside the old version first, so a failed copy leaves the old one working.
staging=$app_dir.new.$$
trap 'rm -rf "$staging"' EXIT
mkdir -p "$(dirname -- "$app_dir")"
cp -RP "$here/Chancery" "$staging"
cp "$here/uninstall.sh" "$staging/uninstall.sh"
rm -rf "$app_dir"
mv "$staging" "$app_dir"
trap - EXIT

for src in "$here"/icons/hicolor/*/apps/chancery.*; do
    size=$(basename -- "$(dirname -- "$(dirname -- "$src")")")
    mkdir -p "$icons_dir/$size/apps"
    cp "$src" "$icons_dir/$size/apps/"
done
# A changed folder time tells icon-theme caches to look again; no cache of our own is
# written, as a user-level cache nobody updates would hide other apps' icons later.
touch "$icons_dir"

# Exec takes a quoted path: \ " ` $ are escaped inside the quotes (and the backslash
# doubled once more for the file's own escaping); % is a field code unless doubled.
exec_path=$(printf '%s' "$app_dir/Chancery" | sed -e 's/[\\"`$]/\\\\&/g' -e 's/%/%%/g')
mkdir -p "$apps_dir"
while IFS= read -r line; do
    case $line in
        Exec=*) printf 'Exec="%s"\n' "$exec_path" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$here/chancery.desktop" >"$apps_dir/chancery.desktop.new"
mv "$apps_dir/chancery.desktop.new" "$apps_dir/chancery.desktop"

mkdir -p "$bin_dir"
if [ -L "$bin_dir/chancery" ] || [ ! -e "$bin_dir/chancery" ]; then
    ln -sfn "$app_dir/Chancery" "$bin_dir/chancery"
fi

echo "Chancery is installed: open it from your applications menu, or run $bin_dir/chancery."
echo "To remove it, run $app_dir/uninstall.sh"

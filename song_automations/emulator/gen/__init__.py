"""The demo-catalog generator's parts; ``song_automations.emulator.generate`` drives them."""

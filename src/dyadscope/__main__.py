from dyadscope.cli import app

app(prog_name="dyadscope")

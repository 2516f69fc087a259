# The peer runtime for benchmarks: the official Python runtime interface client with an echo handler.
def handler(event, context):
    return event

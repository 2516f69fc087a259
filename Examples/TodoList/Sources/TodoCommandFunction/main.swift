// The to-do list's command function: API Gateway → TodoAPI's routes (TodoDomain/TodoAPI.swift).
import EventSourcingLambda
import LambdaRuntime
import TodoDomain

Lambda.run { context in try CommandAPIHandler(TodoAPI.routes, context: context) }

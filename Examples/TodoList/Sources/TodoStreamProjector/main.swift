// The to-do list's stream projector: the events table's stream → the list views and the owners' dashboards.
import EventSourcingLambda
import LambdaRuntime
import TodoDomain

Lambda.run { context in try StreamProjectorHandler(serializer: TodoEvent.serializer, projections: TodoAPI.projections, context: context) }
